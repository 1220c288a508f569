import { join } from 'node:path';
import { encodeSample, MULAW_DECODE } from './mulaw.ts';

/**
 * Fixture loading and μ-law mixing for tests and benchmarks (not for the call path: these
 * allocate freely).
 */
export const FIXTURES_DIR = join(import.meta.dir, '..', 'fixtures');

export type FixtureName =
  | 'caller-booking'
  | 'caller-interrupt'
  | 'caller-phone'
  | 'backchannel-ken'
  | 'backchannel-aha'
  | 'assistant-greeting'
  | 'silence'
  | 'line-noise'
  | 'cough';

export function loadFixture(name: FixtureName): Promise<Uint8Array> {
  return Bun.file(join(FIXTURES_DIR, `${name}.ulaw`)).bytes();
}

/** `base` with `overlay * gain` added from sample `offset` on, re-encoded; as long as the longer. */
export function mixUlaw(base: Uint8Array, overlay: Uint8Array, offset = 0, gain = 1): Uint8Array {
  const out = new Uint8Array(Math.max(base.length, offset + overlay.length));
  for (let i = 0; i < out.length; i++) {
    const a = i < base.length ? (MULAW_DECODE[base[i] as number] as number) : 0;
    const j = i - offset;
    const b = j >= 0 && j < overlay.length ? (MULAW_DECODE[overlay[j] as number] as number) : 0;
    out[i] = encodeSample(a + b * gain);
  }
  return out;
}

export function scaleUlaw(src: Uint8Array, gain: number): Uint8Array {
  return src.map((b) => encodeSample((MULAW_DECODE[b] as number) * gain));
}

/** Index of the first 20 ms frame above -60 dBFS: where audible sound begins, or -1. */
export function firstAudibleFrame(ulaw: Uint8Array): number {
  for (let f = 0; (f + 1) * 160 <= ulaw.length; f++) {
    let energy = 0;
    for (let i = 0; i < 160; i++) energy += (MULAW_DECODE[ulaw[f * 160 + i] as number] as number) ** 2;
    if (10 * Math.log10(energy / 160 / 2 ** 30) > -60) return f;
  }
  return -1;
}
