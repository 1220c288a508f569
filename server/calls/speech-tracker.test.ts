import { describe, expect, test } from 'bun:test';
import { FRAME_SAMPLES } from './audio/format.ts';
import { type FixtureName, loadFixture } from './audio/test-audio.ts';
import { createVad, resolveVadParams, type Vad, type VadFrameResult } from './audio/vad.ts';
import { createSpeechTracker, type SpeechTrackerOptions } from './speech-tracker.ts';

interface Run {
  start: number[];
  confirmed: number[];
  end: number[];
  voicedEnd: boolean[];
}

/**
 * Feeds `leadMs` of silence then the fixture, energy VAD only, or with a neural verdict per
 * 32 ms window from `neural(ms)` (arriving a window late, as batched inference does).
 */
async function run(
  name: FixtureName,
  opts: { assistant: boolean; options?: SpeechTrackerOptions; neural?: (ms: number) => number },
): Promise<Run> {
  const fixture = await loadFixture(name);
  const lead = 400 * 8;
  const audio = new Uint8Array(lead + fixture.length + 400 * 8).fill(0xff);
  audio.set(fixture, lead);
  const tracker = createSpeechTracker(createVad(), opts.options);
  tracker.setNeuralActive(opts.neural !== undefined);
  const out: Run = { start: [], confirmed: [], end: [], voicedEnd: [] };
  const note = (ms: number, ev: ReturnType<typeof tracker.push>) => {
    if (ev.start) out.start.push(ms);
    if (ev.confirmed) out.confirmed.push(ms);
    if (ev.end) {
      out.end.push(ms);
      out.voicedEnd.push(ev.endVoiced);
    }
  };
  let nextWindow = 32;
  for (let f = 0; (f + 1) * FRAME_SAMPLES <= audio.length; f++) {
    const ms = f * 20 - 400;
    note(ms, tracker.push(audio.subarray(f * FRAME_SAMPLES, (f + 1) * FRAME_SAMPLES), opts.assistant));
    while (opts.neural && f * 20 >= nextWindow + 32) {
      note(ms, tracker.neural(opts.neural(nextWindow - 400)));
      nextWindow += 32;
    }
  }
  return out;
}

describe('speech tracker, energy VAD alone', () => {
  test('with the assistant silent, speech is confirmed after the confirm window, counted from its first frame', async () => {
    const r = await run('caller-booking', { assistant: false, options: { confirmMs: 200 } });
    expect(r.start[0]).toBe(60);
    expect(r.confirmed[0]).toBeGreaterThanOrEqual(r.start[0] as number);
    expect(r.confirmed[0]).toBeLessThanOrEqual(300);
  });

  test('while the assistant talks, the onset comes early and the barge-in only after enough voice', async () => {
    const r = await run('caller-booking', { assistant: true, options: { bargeInMs: 400 } });
    expect(r.start[0]).toBeLessThanOrEqual(80);
    expect(r.confirmed[0]).toBeGreaterThanOrEqual(340); // 400 ms of voice, counted from the run's first frame
  });

  test('a "כן" or "אהה" while the assistant talks starts and ends, voiced, without a barge-in', async () => {
    for (const name of ['backchannel-ken', 'backchannel-aha'] as const) {
      const r = await run(name, { assistant: true, options: { bargeInMs: 500 } });
      expect({ name, starts: r.start.length, confirmed: r.confirmed, voiced: r.voicedEnd }).toEqual({
        name,
        starts: 1,
        confirmed: [],
        voiced: [true],
      });
    }
  });

  test('a cough or line noise starts nothing', async () => {
    for (const name of ['cough', 'line-noise'] as const) {
      const r = await run(name, { assistant: true });
      expect({ name, start: r.start }).toEqual({ name, start: [] });
    }
  });
});

describe('speech tracker with the neural model', () => {
  const voiceBetween = (from: number, to: number) => (ms: number) => (ms >= from && ms < to ? 0.95 : 0.02);

  test('an onset needs both: loud sound and the model calling it a voice', async () => {
    const never = await run('caller-booking', { assistant: true, neural: () => 0.02 });
    expect(never.start).toEqual([]);
    const always = await run('caller-booking', { assistant: true, neural: voiceBetween(0, 10_000) });
    expect(always.start[0]).toBeLessThanOrEqual(100);
  });

  test('voice counts by the model’s windows: long speech barges in, a short word ends voiced', async () => {
    const long = await run('caller-booking', {
      assistant: true,
      options: { bargeInMs: 480 },
      neural: voiceBetween(0, 2000),
    });
    expect(long.confirmed.length).toBe(1);
    expect((long.confirmed[0] as number) - (long.start[0] as number)).toBeGreaterThanOrEqual(400);
    const short = await run('caller-booking', {
      assistant: true,
      options: { bargeInMs: 480 },
      neural: voiceBetween(0, 300),
    });
    expect(short.confirmed).toEqual([]);
    expect(short.voicedEnd[0]).toBe(true);
    expect(short.end[0]).toBeLessThanOrEqual(300 + 32 + 160);
  });

  test('words close together add up to a barge-in ("רגע... רגע")', async () => {
    const gaps = (ms: number) => ((ms >= 0 && ms < 300) || (ms >= 480 && ms < 780) ? 0.95 : 0.02);
    const r = await run('caller-booking', { assistant: true, options: { bargeInMs: 480 }, neural: gaps });
    expect(r.start.length).toBeGreaterThanOrEqual(2);
    expect(r.confirmed.length).toBe(1);
  });

  test('the next word of a burst starts on its first loud voiced frame, before the model has heard it', async () => {
    const gaps = (ms: number) => ((ms >= 0 && ms < 300) || (ms >= 480 && ms < 780) ? 0.95 : 0.02);
    const opts = { bargeInMs: 480 };
    const quick = await run('caller-booking', { assistant: true, options: opts, neural: gaps });
    const slow = await run('caller-booking', {
      assistant: true,
      options: { ...opts, quickBurstOnset: false },
      neural: gaps,
    });
    expect(quick.start.length).toBeGreaterThanOrEqual(2);
    expect(slow.start.length).toBeGreaterThanOrEqual(2);
    // The model only calls the second word a voice from 480 ms (a window later): the quick
    // onset comes before that, as soon as the first word's end has passed.
    expect(slow.start[1]).toBeGreaterThanOrEqual(480);
    expect(quick.start[1]).toBeLessThan(slow.start[1] as number);
    expect(quick.start[1]).toBeGreaterThan(quick.end[0] as number);
  });
});

describe('speech tracker under loud line noise (a scripted VAD)', () => {
  /**
   * A VAD whose frames alternate above and below the threshold (speech under brown noise or
   * hum: the level flickers and the VAD's own onset run never completes), with the echo of
   * the assistant found on the line or not.
   */
  function flickering(echoOnLine: boolean): Vad {
    let n = 0;
    const result: VadFrameResult = {
      speech: false,
      onset: false,
      ended: false,
      speechFrames: 0,
      noiseFloorDb: -40,
      energyDb: -40,
      zcr: 20,
      voicing: 0.4,
      aboveEcho: true,
      echoOnLine,
    };
    return {
      push() {
        n++;
        result.energyDb = n % 2 === 0 ? -20 : -34; // 20 dB and 6 dB above the floor
        return result;
      },
      setAssistantSpeaking() {},
      setEchoBarDb() {},
      reset() {},
      state: 'silence',
      params: resolveVadParams({}),
    };
  }
  const frame = new Uint8Array(FRAME_SAMPLES).fill(0xff);
  function starts(vad: Vad, probability: number): number {
    const tracker = createSpeechTracker(vad);
    tracker.setNeuralActive(true);
    let started = 0;
    for (let f = 0; f < 50; f++) {
      if (tracker.push(frame, true).start) started++;
      if (f % 2 === 1 && tracker.neural(probability).start) started++;
    }
    return started;
  }

  test('a model sure of a voice starts speech although the VAD’s onset run never completes', () => {
    expect(starts(flickering(false), 0.97)).toBe(1);
  });

  test('a model only fairly sure, or one hearing a voice with the assistant’s echo on the line, does not', () => {
    expect(starts(flickering(false), 0.7)).toBe(0);
    expect(starts(flickering(true), 0.97)).toBe(0);
  });
});
