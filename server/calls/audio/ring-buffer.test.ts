import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { createPcmRing } from './ring-buffer.ts';

const seq = (from: number, n: number) => Int16Array.from({ length: n }, (_, i) => from + i);

describe('PCM ring buffer', () => {
  test('returns the newest samples oldest first after wrapping', () => {
    const ring = createPcmRing(5);
    ring.write(seq(1, 3));
    ring.write(seq(4, 4)); // 1..7, capacity 5 → 3..7
    const dst = new Int16Array(5);
    expect(ring.readLast(5, dst)).toBe(5);
    expect([...dst]).toEqual([3, 4, 5, 6, 7]);
    expect(ring.readLast(2, dst)).toBe(2);
    expect([...dst.subarray(0, 2)]).toEqual([6, 7]);
  });

  test('reads only what it holds before it fills, leaving the rest of dst alone', () => {
    const ring = createPcmRing(8);
    ring.write(seq(10, 3));
    const dst = new Int16Array(6).fill(-1);
    expect(ring.length).toBe(3);
    expect(ring.readLast(6, dst)).toBe(3);
    expect([...dst]).toEqual([10, 11, 12, -1, -1, -1]);
  });

  test('keeps only the tail of a frame longer than the capacity', () => {
    const ring = createPcmRing(4);
    ring.write(seq(0, 10));
    const dst = new Int16Array(4);
    ring.readLast(4, dst);
    expect([...dst]).toEqual([6, 7, 8, 9]);
  });

  test('forgets everything on clear', () => {
    const ring = createPcmRing(4);
    ring.write(seq(0, 3));
    ring.clear();
    expect(ring.length).toBe(0);
    expect(ring.readLast(4, new Int16Array(4))).toBe(0);
  });

  test('rejects a capacity that is not a positive integer', () => {
    expect(() => createPcmRing(0)).toThrow(RangeError);
    expect(() => createPcmRing(2.5)).toThrow(RangeError);
  });

  test('always matches the tail of everything written', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 70 }), { maxLength: 20 }),
        fc.integer({ min: 0, max: 60 }),
        (capacity, frames, n) => {
          const ring = createPcmRing(capacity);
          const all: number[] = [];
          for (const f of frames) {
            ring.write(Int16Array.from(f));
            all.push(...f);
          }
          const expected = all.slice(Math.max(0, all.length - Math.min(n, capacity)));
          const dst = new Int16Array(n);
          const k = ring.readLast(n, dst);
          expect(ring.length).toBe(Math.min(all.length, capacity));
          expect([...dst.subarray(0, k)]).toEqual(expected);
        },
      ),
    );
  });
});
