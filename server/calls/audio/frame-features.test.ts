import { describe, expect, test } from 'bun:test';
import { createFrameAnalyser, type FrameFeatures } from './frame-features.ts';
import { encodeSample } from './mulaw.ts';

/** Deterministic white noise (xorshift), so the test never flakes. */
function noise(n: number, amplitude: number, seed = 1): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) / 2 ** 32 - 0.5) * 2 * amplitude;
  });
}
const vowel = (n: number) =>
  Array.from({ length: n }, (_, i) => {
    let x = 0;
    for (let k = 1; k <= 20; k++) x += Math.sin((2 * Math.PI * 120 * k * i) / 8000) / k; // 120 Hz voice
    return 4000 * x;
  });

function measure(samples: number[]): FrameFeatures {
  const analyser = createFrameAnalyser();
  const out: FrameFeatures = { energyDb: 0, zcr: 0, voicing: 0 };
  const frame = new Uint8Array(160);
  for (let f = 0; (f + 1) * 160 <= samples.length; f++) {
    for (let i = 0; i < 160; i++) frame[i] = encodeSample(samples[f * 160 + i] as number);
    analyser.analyse(frame, out);
    out.voicing = analyser.voicing();
  }
  return out;
}

describe('frame features', () => {
  test('find the pitch of a voiced vowel and not of noise', () => {
    expect(measure(vowel(480)).voicing).toBeGreaterThan(0.9);
    expect(measure(noise(480, 3000)).voicing).toBeLessThan(0.5);
  });

  test('count many zero crossings in hiss and few in a vowel or hum', () => {
    expect(measure(noise(320, 3000)).zcr).toBeGreaterThan(65);
    expect(measure(vowel(320)).zcr).toBeLessThan(40);
    const hum = Array.from({ length: 320 }, (_, i) => 8000 * Math.sin((2 * Math.PI * 50 * i) / 8000));
    expect(measure(hum).zcr).toBeLessThan(10);
  });

  test('rate a full-scale square wave near full scale and digital silence far below', () => {
    expect(measure(Array.from({ length: 320 }, (_, i) => (i % 2 ? 32000 : -32000))).energyDb).toBeGreaterThan(
      -6,
    );
    expect(measure(new Array(320).fill(0)).energyDb).toBeLessThan(-100);
  });
});
