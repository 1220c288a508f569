/**
 * `bun run bench turns`: turn-taking over the battery of scripts/fixtures/make-turn-battery.sh
 * (made at the first run into data/bench/turn-battery; sox and espeak-ng, nothing
 * downloaded), in simulated time through the relay's own parts (turn-rig.ts). Reports the
 * held-out split; `TURNS_SPLIT=tune` runs the split the parameters were chosen on.
 *
 * Every event of the split (coughs, throat clears, breaths, clicks, backchannels, lone stop
 * words, interruptions) is played over every line condition at several loudnesses while the
 * assistant talks, plus each condition alone. Then the VAD's CPU per live call, batched and
 * not, at 1/100/400 calls.
 *
 * `TURNS_MODEL=off` runs without the neural model (the energy VAD alone, as when the model
 * cannot load). `TURNS_LIMIT=N` keeps every Nth trial (a quick look).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createNeuralVad, type NeuralVad, type SpeechModel } from '../../server/calls/audio/neural-vad.ts';
import { loadSileroModel } from '../../server/calls/audio/silero.ts';
import { createFakeClock } from '../../server/calls/replays/fake-clock.ts';
import { runTrial, simulatedModel, type TrialResult, type TrialSpec } from './turn-rig.ts';
import { vadCpu } from './turns-cpu.ts';

const ROOT = join(import.meta.dir, '..', '..');
const BATTERY = join(ROOT, 'data', 'bench', 'turn-battery');
const SPLIT = Bun.env.TURNS_SPLIT ?? 'heldout';
const EVERY = Number(Bun.env.TURNS_LIMIT ?? 1);
const USE_MODEL = Bun.env.TURNS_MODEL !== 'off';
const ONLY = Bun.env.TURNS_ONLY ? new RegExp(Bun.env.TURNS_ONLY) : null;
/** Parameters to try instead of the defaults (for tuning on the tune split): {vad, speech, turn}. */
const PARAMS = JSON.parse(Bun.env.TURNS_PARAMS ?? '{}') as Pick<TrialSpec, 'vad' | 'speech' | 'turn'>;

const GAINS_DB: Record<string, number[]> = { tune: [0, -8], heldout: [3, -4, -12] };
/** `TURNS_GAINS=-12,-4` plays the events at other levels (e.g. the tune split at the held-out's). */
const GAINS = Bun.env.TURNS_GAINS ? Bun.env.TURNS_GAINS.split(',').map(Number) : (GAINS_DB[SPLIT] ?? [0]);
const EVENT_AT_MS = 5000;
const DURATION_MS = 9000;

type Kind = 'nonspeech' | 'backchannel' | 'stopword' | 'interruption';
interface Condition {
  name: string;
  bed: string;
  echo?: { gainDb: number; delayMs: number };
  lossRate?: number;
}

const CONDITIONS: Condition[] = [
  { name: 'digital silence', bed: 'silence' },
  { name: 'silence → noise −55 dBFS', bed: 'step-55' },
  { name: 'silence → noise −47 dBFS', bed: 'step-47' },
  { name: 'silence → noise −40 dBFS', bed: 'step-40' },
  { name: 'white noise', bed: 'white' },
  { name: 'pink noise', bed: 'pink' },
  { name: 'brown noise', bed: 'brown' },
  { name: 'babble', bed: 'babble' },
  { name: 'car hum', bed: 'car' },
  { name: 'clicks', bed: 'clicks' },
  { name: 'keypad tones', bed: 'keypad' },
  { name: 'hold music', bed: 'music' },
  { name: 'echo −20 dB', bed: 'silence', echo: { gainDb: -20, delayMs: 160 } },
  { name: 'echo −10 dB', bed: 'silence', echo: { gainDb: -10, delayMs: 160 } },
  { name: 'lossy line (5% frames lost)', bed: 'pink', lossRate: 0.05 },
];

const WORDS: Record<string, string[]> = {
  backchannel: ['כן', 'אהה', 'מממ', 'בסדר', 'אוקיי'],
  stopword: ['רגע', 'שנייה', 'לא', 'סליחה', 'מה?'],
  tune: [
    'רגע, אני רוצה לשאול משהו אחר',
    'לא לא, זה לא מה שביקשתי',
    'סליחה, אפשר לדבר עם מישהו מהצוות?',
    'שנייה, יש לי שאלה על המחיר',
  ],
  heldout: [
    'תעצור רגע, אני לא מבין מה אמרת',
    'לא, אני צריך תור ליום אחר',
    'מה? לא שמעתי, אפשר לחזור על זה?',
    'רגע רגע, כמה זה עולה בסך הכל',
    'אני רוצה לבטל את התור שלי',
  ],
};

async function ensureBattery(): Promise<void> {
  if (existsSync(join(BATTERY, 'heldout', 'beds', 'music.ulaw'))) return;
  const p = Bun.spawn(['bash', join(ROOT, 'scripts', 'fixtures', 'make-turn-battery.sh'), BATTERY], {
    stdout: 'inherit',
    stderr: 'inherit',
  });
  if ((await p.exited) !== 0) throw new Error('make-turn-battery.sh failed');
}

function wordsOf(kind: Kind, file: string): string {
  if (kind === 'nonspeech') return '';
  const m = /^(bc|sw|in)(\d+)-/.exec(file);
  const i = Number(m?.[2] ?? 0);
  if (kind === 'interruption') return WORDS[SPLIT]?.[i] ?? '';
  return WORDS[kind]?.[i] ?? '';
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
};

export async function run(): Promise<Record<string, string | number>> {
  await ensureBattery();
  const dir = join(BATTERY, SPLIT);
  const reply = await Bun.file(join(ROOT, 'server', 'calls', 'fixtures', 'assistant-greeting.ulaw')).bytes();
  const beds = new Map<string, Uint8Array>();
  for (const c of CONDITIONS) beds.set(c.bed, await Bun.file(join(dir, 'beds', `${c.bed}.ulaw`)).bytes());
  const events: { kind: Kind; name: string; audio: Uint8Array; words: string }[] = [];
  for (const kind of ['nonspeech', 'backchannel', 'stopword', 'interruption'] as Kind[]) {
    for (const f of readdirSync(join(dir, 'events', kind)).sort()) {
      events.push({
        kind,
        name: f,
        audio: await Bun.file(join(dir, 'events', kind, f)).bytes(),
        words: wordsOf(kind, f),
      });
    }
  }

  const clock = createFakeClock(0);
  const inflight = new Set<Promise<unknown>>();
  const silero: SpeechModel | null = USE_MODEL
    ? await loadSileroModel({ log: { info() {}, warn: (f, m) => console.error(m, f) } })
    : null;
  const neural: NeuralVad | null = silero
    ? createNeuralVad({ model: simulatedModel(silero, clock, inflight), timers: clock.timers })
    : null;

  const byKind = new Map<string, TrialResult[]>();
  const byCondition = new Map<string, { results: TrialResult[]; alone: TrialResult[]; wrong: number }>();
  const failures: string[] = [];
  const offTruncations: string[] = [];
  const echoOf = new Map<TrialResult, boolean>();
  let n = 0;
  const t0 = performance.now();
  for (const c of CONDITIONS) {
    const bed = beds.get(c.bed) as Uint8Array;
    const entry = { results: [] as TrialResult[], alone: [] as TrialResult[], wrong: 0 };
    byCondition.set(c.name, entry);
    const base: Omit<TrialSpec, 'event' | 'eventGainDb' | 'words'> = {
      bed,
      eventAtMs: EVENT_AT_MS,
      reply,
      replySpeed: 1.5,
      replyAtMs: 300,
      echo: c.echo,
      lossRate: c.lossRate,
      durationMs: DURATION_MS,
      ...PARAMS,
    };
    entry.alone.push(
      await runTrial(
        { ...base, event: null, eventGainDb: 0, words: '', seed: 7 },
        { clock, neural, inflight },
      ),
    );
    for (const e of events) {
      for (const gain of GAINS) {
        if (n++ % EVERY !== 0) continue;
        if (ONLY && !ONLY.test(`${c.name}/${e.name}/${gain}`)) continue;
        const r = await runTrial(
          { ...base, event: e.audio, eventGainDb: gain, words: e.words, seed: n },
          { clock, neural, inflight },
        );
        entry.results.push(r);
        echoOf.set(r, c.echo !== undefined);
        if (ONLY) console.log(c.name, e.name, gain, JSON.stringify(r));
        const list = byKind.get(e.kind) ?? [];
        list.push(r);
        byKind.set(e.kind, list);
        const bargedIn = r.interruptions > 0;
        const should = e.kind === 'interruption' || e.kind === 'stopword';
        for (const err of r.truncationErrorsMs)
          if (err > 20) offTruncations.push(`${c.name} / ${e.kind} ${e.name} ${gain} dB: ${err} ms`);
        if (bargedIn !== should) entry.wrong++;
        if (bargedIn !== should)
          failures.push(
            `${c.name} / ${e.kind} ${e.name} ${gain} dB: ${bargedIn ? 'barged in' : 'no barge-in'}`,
          );
      }
    }
  }
  const secs = (performance.now() - t0) / 1000;

  const all = [...byKind.values()].flat();
  const inter = byKind.get('interruption') ?? [];
  const stop = byKind.get('stopword') ?? [];
  const noBarge = [...(byKind.get('nonspeech') ?? []), ...(byKind.get('backchannel') ?? [])];
  const local = inter.filter((r) => r.interruptions > 0 && r.lateBargeIns === 0);
  const heard = local.map((r) => r.heardAfterOnsetMs ?? 0);
  const stopHeard = stop.filter((r) => r.interruptions > 0).map((r) => r.heardAfterOnsetMs ?? 0);
  const onsets = inter.flatMap((r) => (r.onsetAfterVoiceMs === null ? [] : [r.onsetAfterVoiceMs]));
  const echoTrial = [...byKind.values()].flat().map((r) => echoOf.get(r) === true);
  const truncErr = all.flatMap((r) => r.truncationErrorsMs);
  const pauses = noBarge.flatMap((r) => r.resumePausesMs);
  const out: Record<string, string | number> = {
    split: `${SPLIT} (${all.length} trials, ${secs.toFixed(0)} s; neural model ${neural ? 'on' : 'off'})`,
    'interruptions (≥ 0.8 s of speech): heard after onset p50 / p95 / max ms': `${pct(heard, 50)} / ${pct(heard, 95)} / ${pct(heard, 100)}`,
    'interruptions: first voiced frame → local onset p50 / p95 ms': `${pct(onsets, 50)} / ${pct(onsets, 95)}`,
    'trials where an echo was learned (conditions without echo / with)': `${all.filter((r, i) => r.echoLearned && !echoTrial[i]).length} / ${all.filter((r, i) => r.echoLearned && echoTrial[i]).length}`,
    'interruptions missed': inter.filter((r) => r.interruptions === 0).length,
    'interruptions caught only by their words (late)': inter.filter((r) => r.lateBargeIns > 0).length,
    'lone stop words ("רגע", "לא"…): barge-ins / trials': `${stop.filter((r) => r.interruptions > 0).length} / ${stop.length}`,
    'lone stop words: heard after onset p50 / p95 ms': `${pct(stopHeard, 50)} / ${pct(stopHeard, 95)}`,
    'truncation error p50 / max ms': `${pct(truncErr, 50)} / ${pct(truncErr, 100)}`,
    'cancels or truncates from non-speech': (byKind.get('nonspeech') ?? []).filter((r) => r.interruptions > 0)
      .length,
    'cancels or truncates from backchannels': (byKind.get('backchannel') ?? []).filter(
      (r) => r.interruptions > 0,
    ).length,
    'backchannels answered by the model': (byKind.get('backchannel') ?? []).filter((r) => r.answered > 0)
      .length,
    'resume pause p50 / p95 / max ms': `${pct(pauses, 50)} / ${pct(pauses, 95)} / ${pct(pauses, 100)}`,
    'audio lost on resume (ms, total)': noBarge.reduce((a, r) => a + r.lostMs, 0),
    'audio repeated on resume p95 ms': pct(
      noBarge.map((r) => r.repeatedMs),
      95,
    ),
  };
  const talkMin = (DURATION_MS - 300) / 60000;
  for (const [name, entry] of byCondition) {
    const alone = entry.alone[0] as TrialResult;
    out[`${name}: barge-ins/min alone · soft pauses/min alone · wrong verdicts of ${entry.results.length}`] =
      `${(alone.interruptions / talkMin).toFixed(1)} · ${(alone.softPauses / talkMin).toFixed(1)} · ${entry.wrong}`;
  }
  if (failures.length > 0)
    out['wrong verdicts (first 12)'] = failures.slice(0, Number(Bun.env.TURNS_FAILURES ?? 12)).join('; ');
  if (offTruncations.length > 0)
    out[`truncations more than 20 ms off (${offTruncations.length}, first 12)`] = offTruncations
      .slice(0, 12)
      .join('; ');
  if (Bun.env.TURNS_CPU !== 'off') Object.assign(out, await vadCpu(silero));
  return out;
}

export default run;
