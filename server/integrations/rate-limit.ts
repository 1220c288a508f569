/**
 * Requests per API key in fixed windows, counted before the request does any work (the
 * check and the count are one synchronous step, so parallel requests cannot slip past
 * together). In memory, per process (docs/known-limits.md): with WORKERS each process counts its own.
 */
export interface RateLimit {
  windowMs: number;
  max: number;
}
export const DEFAULT_API_KEY_LIMIT: RateLimit = { windowMs: 60_000, max: 120 };

export function createRateLimiter(limit: RateLimit = DEFAULT_API_KEY_LIMIT, now: () => number = Date.now) {
  const windows = new Map<string, { count: number; resetAt: number }>();
  return {
    /** Counts one request; answers the seconds to wait when it is over the limit, else 0. */
    take(key: string): number {
      const t = now();
      let w = windows.get(key);
      if (!w || w.resetAt <= t) {
        w = { count: 0, resetAt: t + limit.windowMs };
        windows.set(key, w);
        if (windows.size > 100_000) for (const [k, v] of windows) if (v.resetAt <= t) windows.delete(k);
      }
      w.count++;
      return w.count > limit.max ? Math.ceil((w.resetAt - t) / 1000) : 0;
    },
  };
}
export type RateLimiter = ReturnType<typeof createRateLimiter>;
