import { describe, expect, test } from 'bun:test';
import { encodeSample } from './mulaw.ts';
import { type FixtureName, firstAudibleFrame, loadFixture, mixUlaw, scaleUlaw } from './test-audio.ts';
import { countOnsets, createVad, DEFAULT_VAD_PARAMS, resolveVadParams } from './vad.ts';

const FRAME_MS = 20;
/** "Within ~200 ms of the first voiced audio" from the brief, in frames. */
const MAX_ONSET_LAG_FRAMES = 200 / FRAME_MS;

function onsetFrames(ulaw: Uint8Array, assistantSpeaking = false): number[] {
  const vad = createVad();
  vad.setAssistantSpeaking(assistantSpeaking);
  const frames: number[] = [];
  countOnsets(vad, ulaw, (f) => frames.push(f));
  return frames;
}

const SPEECH: FixtureName[] = [
  'caller-booking',
  'caller-interrupt',
  'caller-phone',
  'backchannel-ken',
  'backchannel-aha',
];

describe('VAD on the fixtures', () => {
  for (const name of SPEECH) {
    test(`detects ${name} within 200 ms of its first audible frame`, async () => {
      const audio = await loadFixture(name);
      const onsets = onsetFrames(audio);
      expect(onsets.length).toBeGreaterThan(0);
      expect((onsets[0] ?? Number.POSITIVE_INFINITY) - firstAudibleFrame(audio)).toBeLessThanOrEqual(
        MAX_ONSET_LAG_FRAMES,
      );
    });

    test(`detects ${name} mixed over line noise within 200 ms`, async () => {
      const noise = await loadFixture('line-noise');
      const speech = await loadFixture(name);
      const start = 8000; // one second of noise first, so the floor has settled on it
      const onsets = onsetFrames(mixUlaw(noise, speech, start));
      expect(onsets.length).toBeGreaterThan(0);
      const firstAudible = start / 160 + firstAudibleFrame(speech);
      expect((onsets[0] ?? Number.POSITIVE_INFINITY) - firstAudible).toBeGreaterThanOrEqual(0);
      expect((onsets[0] ?? Number.POSITIVE_INFINITY) - firstAudible).toBeLessThanOrEqual(
        MAX_ONSET_LAG_FRAMES,
      );
    });
  }

  test('counts the ש that opens caller-booking as speech before any vowel', async () => {
    const vad = createVad();
    const audio = await loadFixture('caller-booking');
    let voicedBeforeOnset = false;
    let onsetFrame = -1;
    for (let f = 0; onsetFrame < 0 && f < 20; f++) {
      const r = vad.push(audio.subarray(f * 160, f * 160 + 160));
      if (r.voicing >= DEFAULT_VAD_PARAMS.voicingMin) voicedBeforeOnset = true;
      if (r.onset) onsetFrame = f;
    }
    expect(onsetFrame).toBeGreaterThanOrEqual(0);
    expect(onsetFrame).toBeLessThanOrEqual(4);
    expect(voicedBeforeOnset).toBe(false);
  });

  for (const name of ['silence', 'line-noise', 'cough'] as const) {
    test(`raises no onset on ${name}, with or without the assistant talking`, async () => {
      const audio = await loadFixture(name);
      expect(onsetFrames(audio, false)).toEqual([]);
      expect(onsetFrames(audio, true)).toEqual([]);
    });
  }

  test('raises no onset on a cough over line noise, or on a cough 10 dB louder', async () => {
    const cough = await loadFixture('cough');
    const noisy = mixUlaw(await loadFixture('line-noise'), cough, 8000);
    expect(onsetFrames(noisy)).toEqual([]);
    expect(onsetFrames(scaleUlaw(cough, 3))).toEqual([]);
  });

  test('raises no onset when line noise (up to 12 dB louder) starts after silence', async () => {
    const silence = await loadFixture('silence');
    const noise = await loadFixture('line-noise');
    for (const gain of [1, 4]) {
      const audio = new Uint8Array(silence.length + noise.length);
      audio.set(silence);
      audio.set(scaleUlaw(noise, gain), silence.length);
      expect(onsetFrames(audio)).toEqual([]);
    }
  });

  for (const name of ['backchannel-ken', 'backchannel-aha'] as const) {
    test(`hears the backchannel ${name} as one onset, also while the assistant talks (the tracker judges it)`, async () => {
      const audio = await loadFixture(name);
      expect(onsetFrames(audio, false)).toHaveLength(1);
      expect(onsetFrames(audio, true)).toHaveLength(1);
    });
  }

  test('still hears a caller barging in over line noise while the assistant talks', async () => {
    const noise = await loadFixture('line-noise');
    for (const name of ['caller-booking', 'caller-phone', 'caller-interrupt'] as const) {
      expect(onsetFrames(mixUlaw(noise, await loadFixture(name), 8000), true).length).toBeGreaterThan(0);
    }
  });

  test('below the echo bar nothing is loud while the assistant talks, and it does not apply otherwise', async () => {
    const speech = await loadFixture('caller-booking');
    const vad = createVad();
    vad.setEchoBarDb(0); // louder than any frame can be
    vad.setAssistantSpeaking(true);
    expect(countOnsets(vad, speech)).toBe(0);
    vad.setAssistantSpeaking(false);
    expect(countOnsets(vad, speech)).toBeGreaterThan(0);
  });
});

describe('VAD state', () => {
  test('reports the start and end of speech once each, with the run for pre-roll', async () => {
    const vad = createVad();
    const audio = await loadFixture('backchannel-ken');
    const trail = new Uint8Array(160 * 20).fill(0xff); // 400 ms of digital silence after it
    const all = new Uint8Array(audio.length - (audio.length % 160) + trail.length);
    all.set(audio.subarray(0, audio.length - (audio.length % 160)));
    all.set(trail, all.length - trail.length);
    const events: string[] = [];
    for (let f = 0; (f + 1) * 160 <= all.length; f++) {
      const r = vad.push(all.subarray(f * 160, f * 160 + 160));
      if (r.onset) events.push(`onset:${r.speechFrames}`);
      if (r.ended) events.push('ended');
    }
    expect(events).toEqual([`onset:${DEFAULT_VAD_PARAMS.minSpeechMs / FRAME_MS}`, 'ended']);
    expect(vad.state).toBe('silence');
  });

  test('returns the same result object every frame (no per-frame allocation)', () => {
    const vad = createVad();
    const frame = new Uint8Array(160).fill(0xff);
    expect(vad.push(frame)).toBe(vad.push(frame));
  });

  test('refuses a frame that is not 160 bytes', () => {
    expect(() => createVad().push(new Uint8Array(80))).toThrow(RangeError);
  });

  test('learns a quieter line quickly and a louder one slowly', () => {
    const vad = createVad();
    const quiet = new Uint8Array(160).fill(0xff);
    for (let i = 0; i < 25; i++) vad.push(quiet); // 0.5 s
    expect(vad.push(quiet).noiseFloorDb).toBe(DEFAULT_VAD_PARAMS.floorMinDb);
    const hum = Uint8Array.from({ length: 160 }, (_, i) =>
      encodeSample(3000 * Math.sin((2 * Math.PI * i) / 16)),
    );
    let floor = 0;
    for (let i = 0; i < 50; i++) floor = vad.push(hum).noiseFloorDb; // 1 s
    expect(floor - DEFAULT_VAD_PARAMS.floorMinDb).toBeCloseTo(DEFAULT_VAD_PARAMS.floorRiseDbPerSec, 0);
  });

  test('starts over on reset', async () => {
    const vad = createVad();
    const ken = await loadFixture('backchannel-ken');
    expect(countOnsets(vad, ken.subarray(0, 160 * 10))).toBe(1);
    expect(vad.state).toBe('speech');
    vad.reset();
    expect(vad.state).toBe('silence');
    expect(countOnsets(vad, ken)).toBe(1);
  });
});

describe('VAD params', () => {
  test('fills missing or unusable stored values from the defaults', () => {
    const p = resolveVadParams({ thresholdDb: 20, hangoverMs: Number.NaN, voicingMin: '0.9' as unknown });
    expect(p.thresholdDb).toBe(20);
    expect(p.hangoverMs).toBe(DEFAULT_VAD_PARAMS.hangoverMs);
    expect(p.voicingMin).toBe(DEFAULT_VAD_PARAMS.voicingMin);
  });

  test('survive a JSON round trip unchanged', () => {
    expect(resolveVadParams(JSON.parse(JSON.stringify(DEFAULT_VAD_PARAMS)))).toEqual({
      ...DEFAULT_VAD_PARAMS,
    });
  });

  test('a higher threshold makes the VAD deafer', async () => {
    const ken = await loadFixture('backchannel-ken');
    expect(countOnsets(createVad({ thresholdDb: 80 }), ken)).toBe(0);
  });
});
