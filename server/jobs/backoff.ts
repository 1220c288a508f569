export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 10_000, maxMs: 60 * 60_000 };

/**
 * The wait before the next attempt after `attempt` (1-based) failed: base, 2×base, 4×base…
 * capped at max. Deterministic on purpose (no jitter): retries of different jobs are already
 * spread by when they first ran, and tests can name the exact instant.
 */
export function backoffMs(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exponent = Math.max(0, attempt - 1);
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(exponent, 30));
}
