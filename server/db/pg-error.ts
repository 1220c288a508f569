/** PostgreSQL's SQLSTATE of an error from either driver (drizzle may wrap it in `cause`). */
export function pgErrorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = e?.code ?? e?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

export const UNIQUE_VIOLATION = '23505';
/** An exclusion constraint refused the row (an overlapping appointment, say). */
export const EXCLUSION_VIOLATION = '23P01';

/**
 * The driver's and the socket's codes for a connection that went away, and PostgreSQL's
 * for a backend that was terminated or cannot be had (class 08: connection exception;
 * 57P01–57P03: admin shutdown, crash shutdown, cannot connect now; 53300: too many
 * connections; 25P03: idle-in-transaction timeout). A database that is not accepting
 * connections for a while (`ALTER DATABASE … ALLOW_CONNECTIONS false` during maintenance) answers
 * 55000 with its own message: that one is unavailable too, other 55000s are not.
 */
const UNAVAILABLE = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '25P03',
]);

const NOT_ACCEPTING = /is not currently accepting connections/;

/**
 * True when the error says the database could not be reached or dropped the connection
 * (not that it refused the statement): the work did not happen, or its outcome is unknown,
 * and trying again shortly is the answer. Walks drizzle's `cause` chain.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | null, depth = 0; e && depth < 5; depth++) {
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (code && (UNAVAILABLE.has(code) || code.startsWith('08'))) return true;
    if (code === '55000' && NOT_ACCEPTING.test(String((e as { message?: unknown }).message))) return true;
    if (e instanceof DatabaseUnavailableError) return true;
    e = (e.cause as typeof e) ?? null;
  }
  return false;
}

/** Thrown by our own waits on the database (a ping that timed out). */
export class DatabaseUnavailableError extends Error {
  readonly code = 'DATABASE_UNAVAILABLE';
}
