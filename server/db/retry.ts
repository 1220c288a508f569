/**
 * Retries work that failed only because the database was unreachable (a dropped connection,
 * a restart, a failover), with growing waits, for up to `forMs`. Any other error, or the
 * last unavailable one, is thrown. For writes that must not be lost to a passing outage and
 * that nobody waits on (a finished call's record): never for a request, which answers 503.
 */
import { isDatabaseUnavailable } from './pg-error';

export interface RetryOptions {
  /** Waits between attempts (ms); the last repeats. */
  delaysMs?: readonly number[];
  /** Gives up once this long has passed since the first attempt. */
  forMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  onRetry?: (attempt: number, err: unknown) => void;
}

export const DEFAULT_RETRY_DELAYS_MS = [250, 500, 1000, 2000, 5000];

export async function whileUnavailable<T>(work: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const delays = opts.delaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const sleep = opts.sleep ?? Bun.sleep;
  const now = opts.now ?? (() => performance.now());
  const deadline = now() + (opts.forMs ?? 10 * 60_000);
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!isDatabaseUnavailable(err) || now() >= deadline) throw err;
      opts.onRetry?.(attempt, err);
      await sleep(delays[Math.min(attempt - 1, delays.length - 1)] ?? 1000);
    }
  }
}
