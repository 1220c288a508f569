/**
 * Counts failed logins per IP and per email in fixed windows. In memory: one process
 * (see ARCHITECTURE.md); several machines would need the counts in the database.
 */
export interface ThrottleLimits {
  windowMs: number;
  perEmail: number;
  perIp: number;
}
export const DEFAULT_THROTTLE: ThrottleLimits = { windowMs: 15 * 60_000, perEmail: 5, perIp: 20 };

interface Bucket {
  count: number;
  resetAt: number;
}

export function createLoginThrottle(limits: ThrottleLimits = DEFAULT_THROTTLE, now: () => number = Date.now) {
  const buckets = new Map<string, Bucket>();
  const live = (key: string) => {
    const b = buckets.get(key);
    if (b && b.resetAt <= now()) {
      buckets.delete(key);
      return undefined;
    }
    return b;
  };
  const keys = (ip: string, email: string) =>
    [
      [`ip:${ip}`, limits.perIp],
      [`email:${email}`, limits.perEmail],
    ] as const;

  return {
    /** Seconds to wait before another attempt is allowed, or 0. */
    retryAfter(ip: string, email: string): number {
      let wait = 0;
      for (const [key, limit] of keys(ip, email)) {
        const b = live(key);
        if (b && b.count >= limit) wait = Math.max(wait, Math.ceil((b.resetAt - now()) / 1000));
      }
      return wait;
    },
    fail(ip: string, email: string) {
      for (const [key] of keys(ip, email)) {
        const b = live(key);
        if (b) b.count++;
        else buckets.set(key, { count: 1, resetAt: now() + limits.windowMs });
      }
      if (buckets.size > 100_000) {
        for (const key of buckets.keys()) live(key);
      }
    },
    succeed(email: string) {
      buckets.delete(`email:${email}`);
    },
  };
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
