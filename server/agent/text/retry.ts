/**
 * Retries with exponential backoff and full jitter, for the transient failures of a remote
 * model: 429, 5xx, timeouts and dropped connections. Anything else (400, 401) fails at once:
 * repeating it cannot help. Sleep and randomness are injected so tests do not wait.
 */
import { APIConnectionError, APIError } from 'openai';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 250, maxDelayMs: 4000 };

export interface RetryDeps {
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** APIConnectionTimeoutError extends APIConnectionError, so timeouts are covered too. */
export function isTransient(err: unknown): boolean {
  if (err instanceof APIConnectionError) return true;
  if (err instanceof APIError) return err.status === 429 || err.status === 408 || (err.status ?? 0) >= 500;
  return false;
}

/** The server's own hint (`retry-after-ms` / `retry-after` seconds), when it gave one. */
function retryAfterMs(err: unknown): number | undefined {
  if (!(err instanceof APIError)) return undefined;
  const ms = Number(err.headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const s = Number(err.headers?.get('retry-after'));
  return Number.isFinite(s) && s > 0 ? s * 1000 : undefined;
}

export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY,
  deps: RetryDeps = {},
): Promise<T> {
  const sleep = deps.sleep ?? ((ms: number) => Bun.sleep(ms));
  const random = deps.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= policy.attempts || !isTransient(err)) throw err;
      const backoff = random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await sleep(Math.min(policy.maxDelayMs, Math.max(backoff, retryAfterMs(err) ?? 0)));
    }
  }
}
