import { describe, expect, test } from 'bun:test';
import { FRAME_SAMPLES } from './audio/format.ts';
import { type FixtureName, loadFixture } from './audio/test-audio.ts';
import { createVad } from './audio/vad.ts';
import { createSpeechTracker, type SpeechTrackerOptions } from './speech-tracker.ts';

interface Run {
  start: number[];
  confirmed: number[];
  end: number[];
  trigger: number[];
}

/** Feeds `leadMs` of silence then the fixture; upstream's speech_started arrives at `upstreamAtMs` (stream time). */
async function run(
  name: FixtureName,
  opts: { assistant: boolean; upstreamAtMs?: number; options?: SpeechTrackerOptions; leadMs?: number },
): Promise<Run> {
  const fixture = await loadFixture(name);
  const lead = (opts.leadMs ?? 400) * 8;
  const audio = new Uint8Array(lead + fixture.length).fill(0xff);
  audio.set(fixture, lead);
  const tracker = createSpeechTracker(createVad(), opts.options);
  const out: Run = { start: [], confirmed: [], end: [], trigger: [] };
  for (let f = 0; (f + 1) * FRAME_SAMPLES <= audio.length; f++) {
    const ms = f * 20 - (opts.leadMs ?? 400);
    if (opts.upstreamAtMs !== undefined && ms === opts.upstreamAtMs && tracker.upstreamSpeechStarted()) {
      out.trigger.push(ms);
    }
    const ev = tracker.push(audio.subarray(f * FRAME_SAMPLES, (f + 1) * FRAME_SAMPLES), opts.assistant);
    if (ev.start) out.start.push(ms);
    if (ev.confirmed) out.confirmed.push(ms);
    if (ev.end) out.end.push(ms);
    if (ev.upstreamTrigger) out.trigger.push(ms);
  }
  return out;
}

describe('speech tracker', () => {
  test('with the assistant silent, speech is confirmed after the confirm window, counted from its first frame', async () => {
    const r = await run('caller-booking', { assistant: false, options: { confirmMs: 200 } });
    expect(r.start).toEqual([60]);
    expect(r.confirmed).toEqual([180]); // frames 0..180 ms: 200 ms of speech
    expect(r.end.length).toBe(1);
  });

  test('while the assistant talks, the VAD’s longer onset already satisfies the confirm window', async () => {
    const r = await run('caller-booking', { assistant: true });
    expect(r.start).toEqual(r.confirmed);
    expect(r.start.length).toBe(1);
  });

  test('upstream’s speech_started is forwarded only once local sound corroborates it', async () => {
    const interrupt = await run('caller-interrupt', { assistant: true, upstreamAtMs: 80 });
    expect(interrupt.trigger.length).toBe(1);
    expect(interrupt.trigger[0] ?? 0).toBeLessThan(interrupt.start[0] ?? 0); // earlier than local VAD alone
    for (const name of ['cough', 'backchannel-ken', 'backchannel-aha', 'line-noise'] as const) {
      const r = await run(name, { assistant: true, upstreamAtMs: 100 });
      expect({ name, trigger: r.trigger, start: r.start }).toEqual({ name, trigger: [], start: [] });
    }
  });

  test('speech already heard when upstream’s event arrives triggers at once', async () => {
    const r = await run('caller-booking', { assistant: true, upstreamAtMs: 600 });
    expect(r.trigger).toEqual([600]);
  });
});
