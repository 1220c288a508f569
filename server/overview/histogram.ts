/**
 * Latency histograms of the overview's roll-up (migration 0044, `prosaas_ms_bucket`): a value
 * of `ms` falls in bucket ⌊ln(max(ms, 1)) / ln(1.04)⌋, so each bucket is 4 % wide and its
 * middle is within 2 % of every value in it. Percentiles are read back as PostgreSQL's
 * `percentile_cont` would compute them over the values, with each value replaced by its
 * bucket's middle: within 2 % of the exact figure (and of 1 ms below 1 ms).
 */

const RATIO = 1.04;

/** The bucket a latency falls in (the same as the database's `prosaas_ms_bucket`). */
export function msBucket(ms: number): number {
  return Math.floor(Math.log(Math.max(ms, 1)) / Math.log(RATIO));
}

/** The geometric middle of a bucket, in ms. */
export function bucketMiddle(bucket: number): number {
  return RATIO ** (bucket + 0.5);
}

/**
 * The p-th quantile (0–1) of the values counted in `counts` (bucket → how many), with linear
 * interpolation between the two nearest ranks like `percentile_cont`; null when empty.
 */
export function bucketPercentile(counts: ReadonlyMap<number, number>, p: number): number | null {
  const buckets = [...counts.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  const rank = p * (total - 1);
  const lo = Math.floor(rank);
  const at = (index: number): number => {
    let seen = 0;
    for (const [bucket, n] of buckets) {
      seen += n;
      if (index < seen) return bucketMiddle(bucket);
    }
    return bucketMiddle(buckets[buckets.length - 1]?.[0] ?? 0);
  };
  const low = at(lo);
  return rank === lo ? low : low + (rank - lo) * (at(lo + 1) - low);
}
