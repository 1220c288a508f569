/** PostgreSQL's SQLSTATE of an error from either driver (drizzle may wrap it in `cause`). */
export function pgErrorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = e?.code ?? e?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

export const UNIQUE_VIOLATION = '23505';
/** An exclusion constraint refused the row (an overlapping appointment, say). */
export const EXCLUSION_VIOLATION = '23P01';
