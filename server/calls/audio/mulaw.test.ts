import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { decodeInto, encodeSample, MULAW_DECODE } from './mulaw.ts';

describe('μ-law', () => {
  test('decodes the G.711 reference values', () => {
    expect(MULAW_DECODE[0xff]).toBe(0);
    expect(MULAW_DECODE[0x7f]).toBe(0);
    expect(MULAW_DECODE[0x00]).toBe(-32124);
    expect(MULAW_DECODE[0x80]).toBe(32124);
    expect(MULAW_DECODE[0xf0]).toBe(120); // top of segment 0 (step 8)
    expect(MULAW_DECODE[0xef]).toBe(132); // bottom of segment 1 (step 16)
    expect(MULAW_DECODE[0x6f]).toBe(-132);
  });

  test('decodes a frame into the caller’s array', () => {
    const dst = new Int16Array(4).fill(7);
    decodeInto(new Uint8Array([0xff, 0x00, 0x80]), dst);
    expect([...dst]).toEqual([0, -32124, 32124, 7]);
  });

  test('refuses a destination too short for the frame', () => {
    expect(() => decodeInto(new Uint8Array(160), new Int16Array(159))).toThrow(RangeError);
  });

  test('re-encodes every code to a byte that decodes to the same sample', () => {
    for (let code = 0; code < 256; code++) {
      expect(MULAW_DECODE[encodeSample(MULAW_DECODE[code] as number)]).toBe(MULAW_DECODE[code] as number);
    }
  });

  test('round-trips any sample within half a quantisation step', () => {
    fc.assert(
      fc.property(fc.integer({ min: -32124, max: 32124 }), (x) => {
        const y = MULAW_DECODE[encodeSample(x)] as number;
        // Segment e spans 2^(e+7) biased units with a step of 2^(e+3): error ≤ (|x|+132)/32.
        expect(Math.abs(y - x)).toBeLessThanOrEqual((Math.abs(x) + 132) / 32);
      }),
    );
  });

  test('clips samples beyond the μ-law range to the largest code', () => {
    expect(MULAW_DECODE[encodeSample(40000)]).toBe(32124);
    expect(MULAW_DECODE[encodeSample(-32768)]).toBe(-32124);
  });
});
