import { expect, test } from 'bun:test';
import fc from 'fast-check';
import { bucketPercentile, msBucket } from './histogram';

/** PostgreSQL's percentile_cont over the exact values. */
function exact(values: number[], p: number): number {
  const v = [...values].sort((a, b) => a - b);
  const rank = p * (v.length - 1);
  const lo = Math.floor(rank);
  const low = v[lo] as number;
  return rank === lo ? low : low + (rank - lo) * ((v[lo + 1] as number) - low);
}

function counts(values: number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const ms of values) m.set(msBucket(ms), (m.get(msBucket(ms)) ?? 0) + 1);
  return m;
}

test('a median and a p95 read from the buckets are within 2 % of the exact ones', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 60_000 }), { minLength: 1, maxLength: 300 }),
      fc.constantFrom(0.5, 0.95, 0, 1),
      (values, p) => {
        const want = exact(values, p);
        const got = bucketPercentile(counts(values), p) as number;
        expect(Math.abs(got - want)).toBeLessThanOrEqual(0.0201 * want + 1.02);
      },
    ),
    { numRuns: 500 },
  );
});

test('known values: the median of 300…700 ms reads 500 ms within 2 %, none is null', () => {
  const median = bucketPercentile(counts([300, 400, 500, 600, 700]), 0.5) as number;
  expect(Math.abs(median - 500)).toBeLessThanOrEqual(10);
  expect(bucketPercentile(new Map(), 0.5)).toBeNull();
  expect(bucketPercentile(new Map([[5, 0]]), 0.5)).toBeNull();
});
