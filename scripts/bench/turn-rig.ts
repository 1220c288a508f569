/**
 * One call's audio path in simulated time, for the turn-taking benchmark: the relay's own
 * parts (inbound analysis with the energy VAD, the speech tracker and the batched neural VAD;
 * the turn machine; the pacer; the caller-turn judge and the response gate) exactly as
 * call-session.ts wires them, between a model of Twilio and the phone (plays at 8 bytes/ms,
 * echoes marks once played, drops its queue on `clear`, optional network latency, the
 * assistant's voice echoed back into the microphone, lost frames) and a scripted upstream
 * (a response streamed faster than real time, server VAD from the Realtime stand-in's
 * detector, transcripts from the ground truth of what the caller said).
 *
 * Everything the caller hears is recorded per millisecond, so the figures are counted, not
 * estimated: when the assistant went quiet after the caller's first voiced frame, how long a
 * resumed reply paused, how far a truncation is from what was heard.
 */
import { FRAME_SAMPLES } from '../../server/calls/audio/format.ts';
import { encodeSample, MULAW_DECODE } from '../../server/calls/audio/mulaw.ts';
import type { NeuralVad, SpeechModel } from '../../server/calls/audio/neural-vad.ts';
import type { VadParams } from '../../server/calls/audio/vad.ts';
import type { CallEvent, TurnCommand } from '../../server/calls/events.ts';
import { createInboundAudio } from '../../server/calls/inbound-audio.ts';
import { createModelTurns } from '../../server/calls/model-turns.ts';
import { createPacer, type Pacer } from '../../server/calls/pacer.ts';
import type { FakeClock } from '../../server/calls/replays/fake-clock.ts';
import type { SpeechTrackerOptions } from '../../server/calls/speech-tracker.ts';
import { createTurnMachine, type TurnMachineOptions } from '../../server/calls/turn-machine.ts';
import { createSpeechDetector } from '../../server/standins/realtime/speech-detector.ts';

export interface TrialSpec {
  /** The line under everything (looped). */
  bed: Uint8Array;
  /** What the caller does, and when (ms into the call); null: nothing. */
  event: Uint8Array | null;
  eventAtMs: number;
  eventGainDb: number;
  /** What the caller said, for the transcriber ('' for non-speech). */
  words: string;
  /** The assistant's reply (μ-law) and how fast upstream streams it (× real time). */
  reply: Uint8Array;
  replySpeed: number;
  replyAtMs: number;
  /** The assistant's own voice echoed back into the microphone. */
  echo?: { gainDb: number; delayMs: number };
  /** Share of caller frames lost on the line (replaced by silence). */
  lossRate?: number;
  /** One-way network latency between the relay and Twilio (ms). */
  latencyMs?: number;
  durationMs: number;
  seed?: number;
  vad?: Partial<VadParams>;
  speech?: SpeechTrackerOptions;
  turn?: TurnMachineOptions;
}

export interface TrialResult {
  /** Barge-ins by the turn machine (local, digit or words). */
  interruptions: number;
  lateBargeIns: number;
  cancels: number;
  truncates: number;
  deletesOfReply: number;
  softPauses: number;
  /** First voiced frame of the caller's event → last assistant audio heard before the barge-in. */
  heardAfterOnsetMs: number | null;
  /** |audio_end_ms − what the caller had heard of that item|, per truncate. */
  truncationErrorsMs: number[];
  /** Gaps in the reply the caller heard that ended with the reply resuming (ms). */
  resumePausesMs: number[];
  /** Ms of the reply the caller never heard although nothing interrupted it (should be 0). */
  lostMs: number;
  repeatedMs: number;
  /** `response.create` sent after the caller's event (a backchannel must get none). */
  answered: number;
  backchannelsDeleted: number;
  voiceStartMs: number | null;
  /** The caller's first voiced frame → the relay's first local onset after it (ms). */
  onsetAfterVoiceMs: number | null;
  /** The echo guard believed in an echo by the end of the trial. */
  echoLearned: boolean;
}

const SILENCE = 0xff;

function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The first 20 ms frame of `clip` above -50 dBFS: where its sound begins (ms), or null. */
export function firstVoicedMs(clip: Uint8Array): number | null {
  for (let f = 0; (f + 1) * FRAME_SAMPLES <= clip.length; f++) {
    let e = 0;
    for (let i = 0; i < FRAME_SAMPLES; i++)
      e += (MULAW_DECODE[clip[f * FRAME_SAMPLES + i] as number] as number) ** 2;
    if (10 * Math.log10(e / FRAME_SAMPLES / 2 ** 30 + 1e-12) > -50) return f * 20;
  }
  return null;
}

/**
 * The neural model in simulated time: each batch's results arrive after the real time the
 * inference took, on the simulated clock.
 */
export function simulatedModel(
  model: SpeechModel,
  clock: FakeClock,
  inflight: Set<Promise<unknown>>,
): SpeechModel {
  return {
    run(input, state, batch) {
      const at = clock.now();
      const t0 = performance.now();
      let deliver: (out: { probabilities: Float32Array; state: Float32Array }) => void = () => {};
      const delivered = new Promise<{ probabilities: Float32Array; state: Float32Array }>((r) => {
        deliver = r;
      });
      // The rig waits for the real inference before moving simulated time on, so its result
      // lands at the simulated ms it would have, however slow this machine is right now.
      const real = model.run(input, state, batch).then((out) => {
        const copy = {
          probabilities: Float32Array.from(out.probabilities),
          state: Float32Array.from(out.state),
        };
        const due = at + (performance.now() - t0);
        clock.timers.setTimeout(() => deliver(copy), Math.max(0, due - clock.now()));
      });
      inflight.add(real);
      void real.finally(() => inflight.delete(real));
      return delivered;
    },
  };
}

export async function runTrial(
  spec: TrialSpec,
  env: { clock: FakeClock; neural: NeuralVad | null; inflight: Set<Promise<unknown>> },
): Promise<TrialResult> {
  const { clock } = env;
  const start = clock.now();
  const rel = () => clock.now() - start;
  const latency = spec.latencyMs ?? 0;
  const rnd = mulberry(spec.seed ?? 1);
  const machine = createTurnMachine(spec.turn);
  const toTwilio: {
    at: number;
    msg: { event: string; payload?: Uint8Array; mark?: string; index?: number };
  }[] = [];
  const toRelay: { at: number; mark: string }[] = [];
  const upstreamOut: Record<string, unknown>[] = [];

  // ---- the phone: a queue played at 8 bytes/ms; heard[t] = reply byte index played at ms t, or -1.
  const queue: number[] = []; // bytes received and not yet played, in play order
  let qHead = 0;
  const pendingMarks: { name: string; at: number }[] = [];
  let received = 0;
  let played = 0;
  const heardAt = new Int32Array(spec.durationMs + 1).fill(-1);
  /** What the phone played, by byte: the echo's source. */
  const playedAudio = new Uint8Array(spec.durationMs * 8 + 8).fill(SILENCE);
  const clearsAtTwilio: { at: number; heard: number }[] = [];

  const sentEv = { type: 'playback_sent' as const, end: 0, bytes: 0, playsAt: 0 };
  /** Reply offset of each media frame sent, in order (stream offsets restart at a hard clear). */
  const sentIndex: number[] = [];
  let streamBase = 0;
  /** Reply offsets of the bytes queued at the phone, alongside `queue`. */
  const queueIndex: number[] = [];
  const heardBytes = new Uint8Array(spec.reply.length);
  let heardUpTo = 0;
  const pacer: Pacer = createPacer(
    {
      send(text) {
        const m = JSON.parse(text) as { event: string; media?: { payload: string }; mark?: { name: string } };
        toTwilio.push({
          at: clock.now() + latency,
          msg: {
            event: m.event,
            payload: m.media ? Buffer.from(m.media.payload, 'base64') : undefined,
            mark: m.mark?.name,
            index: m.media ? -1 : undefined,
          },
        });
        return text.length;
      },
      now: clock.now,
      timers: clock.timers,
      logger: { warn: () => {} },
      sent(frame, bytes, playsAt) {
        inbound.reference(frame, bytes, playsAt - start);
        sentIndex.push(pacer.stats.sentBytes - bytes + streamBase);
        sentEv.end = pacer.stats.sentBytes;
        sentEv.bytes = bytes;
        sentEv.playsAt = playsAt - start;
        step(sentEv);
      },
    },
    { streamSid: 'MZ' },
  );

  const inbound = createInboundAudio(
    { vad: spec.vad, speech: spec.speech, neural: env.neural, now: rel },
    (ev) => {
      if (ev.start) step({ type: 'local_speech_start' });
      if (ev.confirmed) step({ type: 'local_speech_confirmed' });
      if (ev.end) {
        step({ type: 'local_speech_end', voiced: ev.endVoiced });
        model.callerStopped(ev.endVoiced);
      }
    },
  );

  const model = createModelTurns({
    send: (frame) => {
      const e = JSON.parse(frame) as Record<string, unknown>;
      upstreamOut.push({ ...e, at: rel() });
      if (e.type === 'conversation.item.delete') deletesAll.push(e.item_id as string);
    },
    runTool: async () => ({ ok: true, message: '' }),
    onAction: () => {},
    elapsedMs: rel,
    log: { warn() {}, info() {} },
    assistantAudible: () => machine.assistantAudible,
    interruptions: () => machine.stats.interruptions,
    bargeIn: () => step({ type: 'caller_words', verdict: 'barge_in' }),
  });
  const deletesAll: string[] = [];
  const truncations: { at: number; ms: number; truth: number; clearsBefore: number }[] = [];
  let replyDoneUpstream = false;
  let cancelled = false;

  function execute(commands: readonly TurnCommand[]): void {
    for (const c of commands) {
      switch (c.type) {
        case 'upstream_append_audio':
          break;
        case 'playback_enqueue':
          pacer.enqueueBase64(c.audioBase64, c.byteLength);
          break;
        case 'playback_pause':
          pacer.pause();
          break;
        case 'playback_resume':
          pacer.resume();
          break;
        case 'playback_rewind':
          pacer.rewind(c.generation, c.offset);
          inbound.cut(rel());
          break;
        case 'twilio_clear':
          streamBase += pacer.stats.sentBytes + pacer.stats.queuedBytes;
          pacer.clear(c.generation);
          inbound.cut(rel());
          break;
        case 'upstream_cancel':
          cancelled = true;
          upstreamOut.push({ type: 'response.cancel', at: rel() });
          break;
        case 'upstream_truncate': {
          // Truth: what the phone had played of the reply when the clear sent with this
          // truncation (or before it, during a hold) reached it; settled when that clear lands.
          truncations.push({ at: rel(), ms: c.audioEndMs, truth: -1, clearsBefore: clearsAtTwilio.length });
          upstreamOut.push({ type: 'conversation.item.truncate', at: rel(), ms: c.audioEndMs });
          break;
        }
        case 'upstream_delete_item':
          upstreamOut.push({ type: 'conversation.item.delete', at: rel(), item: c.itemId });
          break;
      }
    }
  }
  function step(ev: CallEvent): void {
    if (
      ev.type === 'local_speech_start' &&
      voiceStartMs !== null &&
      firstOnset === null &&
      rel() >= voiceStartMs
    )
      firstOnset = rel();
    const commands = machine.step(ev, rel());
    if (
      Bun.env.TURNS_TRACE &&
      ev.type !== 'playback_sent' &&
      ev.type !== 'caller_audio' &&
      ev.type !== 'tick' &&
      ev.type !== 'mark' &&
      ev.type !== 'assistant_audio'
    )
      console.log(rel(), ev.type, JSON.stringify(commands.map((c) => c.type)));
    else if (
      Bun.env.TURNS_TRACE &&
      commands.some((c) => c.type !== 'playback_enqueue' && c.type !== 'upstream_append_audio')
    )
      console.log(rel(), ev.type, JSON.stringify(commands.map((c) => c.type)));
    execute(commands);
  }
  // ---- upstream: the reply, streamed in 100 ms deltas at `replySpeed` × real time.
  const deltaBytes = 800;
  const deltaEveryMs = 100 / spec.replySpeed;
  let replySent = 0;
  const detector = createSpeechDetector();
  let userItem = 0;
  let currentUser: { id: string; fromMs: number } | null = null;
  const eventVoice = spec.event ? firstVoicedMs(spec.event) : null;
  const voiceStartMs = eventVoice === null ? null : spec.eventAtMs + eventVoice;
  let firstOnset: number | null = null;
  const eventEndMs = spec.event ? spec.eventAtMs + spec.event.length / 8 : 0;
  const upstreamEvents: { at: number; ev: CallEvent }[] = [];

  function upstream(ev: CallEvent, delayMs = 0): void {
    upstreamEvents.push({ at: rel() + delayMs, ev });
  }

  const eventGain = 10 ** (spec.eventGainDb / 20);
  const echoGain = spec.echo ? 10 ** (spec.echo.gainDb / 20) : 0;
  const frame = new Uint8Array(FRAME_SAMPLES);
  let frameIndex = 0;

  for (let t = 0; t <= spec.durationMs; t++) {
    clock.advanceTo(start + t);
    // Neural batches flushed by now: wait for the real inference, then deliver on the clock.
    while (env.inflight.size > 0) {
      await Promise.all([...env.inflight]);
      clock.advanceTo(start + t);
    }
    await Promise.resolve(); // results resolved by the clock reach their streams
    // Upstream streams the reply.
    if (t >= spec.replyAtMs && !cancelled && replySent < spec.reply.length) {
      if (replySent === 0) {
        step({ type: 'response_created', responseId: 'r1' });
        step({ type: 'output_item_added', responseId: 'r1', itemId: 'i1', itemType: 'message' });
      }
      while (replySent < spec.reply.length && t - spec.replyAtMs >= (replySent / deltaBytes) * deltaEveryMs) {
        const chunk = spec.reply.subarray(replySent, replySent + deltaBytes);
        replySent += chunk.length;
        step({
          type: 'assistant_audio',
          responseId: 'r1',
          itemId: 'i1',
          audioBase64: Buffer.from(chunk).toString('base64'),
          byteLength: chunk.length,
        });
      }
    }
    if (!replyDoneUpstream && (cancelled || replySent >= spec.reply.length) && replySent > 0) {
      replyDoneUpstream = true;
      step({ type: 'assistant_audio_done', responseId: 'r1', itemId: 'i1' });
      step({ type: 'response_done', responseId: 'r1', status: cancelled ? 'cancelled' : 'completed' });
      model.observe({ type: 'response_done', responseId: 'r1', status: 'completed' });
    }
    if (t === spec.replyAtMs) model.observe({ type: 'response_created', responseId: 'r1' });
    // Messages reaching Twilio.
    while (toTwilio.length > 0 && (toTwilio[0]?.at ?? 0) <= clock.now()) {
      const { msg } = toTwilio.shift() as (typeof toTwilio)[number];
      if (msg.event === 'media' && msg.payload) {
        const first = sentIndex.shift() ?? 0;
        for (let i = 0; i < msg.payload.length; i++) {
          queue.push(msg.payload[i] as number);
          queueIndex.push(first + i);
        }
        received += msg.payload.length;
      } else if (msg.event === 'mark' && msg.mark) {
        pendingMarks.push({ name: msg.mark, at: received });
      } else if (msg.event === 'clear') {
        clearsAtTwilio.push({ at: t, heard: heardUpTo });
        for (const x of truncations) if (x.truth < 0) x.truth = Math.floor(heardUpTo / 8);
        queue.length = qHead;
        queueIndex.length = qHead;
        received = played;
        for (const m of pendingMarks) toRelay.push({ at: clock.now() + latency, mark: m.name });
        pendingMarks.length = 0;
      }
    }
    // The phone plays 8 bytes this ms.
    for (let i = 0; i < 8 && qHead < queue.length; i++) {
      const idx = queueIndex[qHead] as number;
      if (idx < heardBytes.length) heardBytes[idx] = Math.min(255, (heardBytes[idx] as number) + 1);
      if (idx + 1 > heardUpTo) heardUpTo = idx + 1;
      playedAudio[t * 8 + i] = queue[qHead++] as number;
      played++;
      heardAt[t] = 1;
    }
    while (pendingMarks.length > 0 && (pendingMarks[0]?.at ?? 0) <= played) {
      toRelay.push({ at: clock.now() + latency, mark: (pendingMarks.shift() as { name: string }).name });
    }
    while (toRelay.length > 0 && (toRelay[0]?.at ?? 0) <= clock.now()) {
      step({ type: 'mark', name: (toRelay.shift() as { mark: string }).mark });
    }
    // Upstream's delayed events.
    for (let i = 0; i < upstreamEvents.length; i++) {
      const u = upstreamEvents[i] as (typeof upstreamEvents)[number];
      if (u.at > rel()) continue;
      upstreamEvents.splice(i--, 1);
      step(u.ev);
      model.observe(u.ev as never);
    }
    // The caller's microphone: one frame every 20 ms.
    if (t > 0 && t % 20 === 0) {
      const f0 = frameIndex * FRAME_SAMPLES;
      const lost = rnd() < (spec.lossRate ?? 0);
      for (let i = 0; i < FRAME_SAMPLES; i++) {
        const n = f0 + i;
        let v = MULAW_DECODE[spec.bed[n % spec.bed.length] as number] as number;
        const e = n - spec.eventAtMs * 8;
        if (spec.event && e >= 0 && e < spec.event.length)
          v += (MULAW_DECODE[spec.event[e] as number] as number) * eventGain;
        if (echoGain > 0) {
          const k = n - (spec.echo?.delayMs ?? 0) * 8;
          if (k >= 0) v += (MULAW_DECODE[playedAudio[k] as number] as number) * echoGain;
        }
        frame[i] = lost ? SILENCE : encodeSample(v);
      }
      frameIndex++;
      const payload = Buffer.from(frame).toString('base64');
      step({ type: 'caller_audio', payload, timestampMs: t });
      // Upstream's server VAD hears the same audio.
      for (const sp of detector.push(frame)) {
        if (sp.type === 'started') {
          currentUser = { id: `u${++userItem}`, fromMs: sp.audioStartMs };
          upstream(
            { type: 'upstream_speech_started', itemId: currentUser.id, audioStartMs: sp.audioStartMs },
            20,
          );
        } else if (currentUser) {
          const item = currentUser;
          upstream({ type: 'upstream_speech_stopped', itemId: item.id, audioEndMs: sp.audioEndMs }, 20);
          upstream({ type: 'upstream_committed', itemId: item.id }, 20);
          const overlaps =
            spec.event !== null && item.fromMs < eventEndMs + 100 && sp.audioEndMs > spec.eventAtMs;
          const text = overlaps ? spec.words : '';
          upstream({ type: 'caller_transcript', itemId: item.id, transcript: text }, 320);
          currentUser = null;
        }
      }
      inbound.push(payload, pacer.stats.queuedBytes > 0 || pacer.leadMs() > 0);
      step({ type: 'tick' });
      model.tick();
    }
  }
  pacer.close();
  inbound.close();
  // A truncation whose clear never landed (none was sent with it): what had been heard by
  // the last clear before it, else by the end.
  for (const x of truncations)
    if (x.truth < 0) x.truth = Math.floor((clearsAtTwilio[x.clearsBefore - 1]?.heard ?? heardUpTo) / 8);

  // ---- figures.
  const stats = machine.stats;
  let heardAfterOnsetMs: number | null = null;
  if (voiceStartMs !== null && stats.interruptions > 0) {
    const cut = clearsAtTwilio.at(-1)?.at ?? spec.durationMs;
    let last = voiceStartMs;
    for (let t = voiceStartMs; t <= cut; t++) if (heardAt[t] === 1) last = t;
    heardAfterOnsetMs = last - voiceStartMs;
  }
  // Gaps in playback between the reply's first and last heard ms.
  const resumePausesMs: number[] = [];
  let first = -1;
  let lastHeard = -1;
  for (let t = 0; t <= spec.durationMs; t++) {
    if (heardAt[t] !== 1) continue;
    if (first < 0) first = t;
    else if (t - lastHeard > 25 && stats.softPauses > 0) resumePausesMs.push(t - lastHeard - 1);
    lastHeard = t;
  }
  // Lost: reply bytes before the furthest one heard that were never heard (a barge-in loses
  // nothing it should not: its truncation is what counts there). Repeated: heard twice.
  let lost = 0;
  let repeated = 0;
  for (let i = 0; i < heardUpTo; i++) {
    if (heardBytes[i] === 0) lost++;
    else repeated += (heardBytes[i] as number) - 1;
  }
  const lostMs = stats.interruptions > 0 ? 0 : lost / 8;
  const answered = upstreamOut.filter(
    (e) => e.type === 'response.create' && (e.at as number) >= spec.eventAtMs,
  ).length;
  return {
    interruptions: stats.interruptions,
    lateBargeIns: stats.transcriptBargeIns,
    cancels: stats.cancelsSent,
    truncates: stats.truncatesSent,
    deletesOfReply: stats.deletesSent,
    softPauses: stats.softPauses,
    heardAfterOnsetMs,
    truncationErrorsMs: truncations.map((x) => Math.abs(x.truth - x.ms)),
    resumePausesMs,
    lostMs,
    repeatedMs: repeated / 8,
    answered,
    backchannelsDeleted: model.callerTurns.backchannelsDeleted,
    voiceStartMs,
    onsetAfterVoiceMs: firstOnset === null || voiceStartMs === null ? null : firstOnset - voiceStartMs,
    echoLearned: inbound.echo.delayMs !== null,
  };
}
