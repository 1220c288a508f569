/**
 * Pages that do not count the world: lists a person scrolls are read newest first and
 * paged by (timestamp, id), so a page costs the same at the start and 100,000 rows in, and
 * rows inserted meanwhile neither repeat nor hide others. Totals are counted only up to a
 * cap ("10,000+").
 */
import { count, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgSelect } from 'drizzle-orm/pg-core';
import type { Tx } from '../db/database';
import { ValidationError } from './errors';
import { isUuid } from './ids';

/**
 * Where a page ends. `at` is PostgreSQL's own text of the timestamp (microseconds kept: a
 * JavaScript Date would round them to milliseconds and repeat or skip rows of one instant).
 */
export interface Cursor {
  at: string;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.at}|${c.id}`).toString('base64url');
}

/** The cursor a client sent back; a malformed one is a validation error, never a 500. */
export function decodeCursor(text: string, field = 'cursor'): Cursor {
  const [at, id, ...rest] = Buffer.from(text, 'base64url').toString().split('|');
  if (!at || !id || rest.length > 0 || !isUuid(id) || !/^\d{4}-\d\d-\d\d[ T][\d:.]+([+-][\d:]+|Z)?$/.test(at))
    throw new ValidationError({ [field]: 'is not a cursor this list gave out' });
  return { at, id };
}

/** The column to select beside a row so its cursor can be made: the timestamp as PostgreSQL writes it. */
export const cursorAt = (at: PgColumn) => sql<string>`${at}::text`;

/** Rows strictly after the cursor in newest-first order; undefined without a cursor. */
export function olderThan(at: PgColumn, id: PgColumn, c: Cursor | undefined): SQL | undefined {
  return c ? sql`(${at}, ${id}) < (${c.at}::timestamptz, ${c.id}::uuid)` : undefined;
}

/**
 * One page out of `limit + 1` rows read: the extra row only says that there is a next
 * page, whose cursor is the last row shown.
 */
export function pageOf<T>(
  rows: T[],
  limit: number,
  cursorOf: (row: T) => Cursor,
): { items: T[]; next: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null };
}

/** Counting stops here: past it the dashboard says "10,000+". */
export const COUNT_CAP = 10_000;
/**
 * A search's matches are counted to here ("100+"): each match counted past the page is
 * read through the search's indexes, and nobody reads past the first hundred.
 */
export const SEARCH_COUNT_CAP = 100;

export interface CappedTotal {
  /** The exact count, or COUNT_CAP when there are more. */
  total: number;
  /** True when there are more than `total`. */
  totalCapped: boolean;
}

/**
 * Counts the rows of `query` (a select of anything from the table, with its where) up to
 * `cap`: reading stops after cap + 1 rows, whatever the table holds.
 */
export async function cappedCount(tx: Tx, query: PgSelect, cap = COUNT_CAP): Promise<CappedTotal> {
  const [row] = await tx.select({ n: count() }).from(query.limit(cap + 1).as('capped'));
  const n = row?.n ?? 0;
  return n > cap ? { total: cap, totalCapped: true } : { total: n, totalCapped: false };
}
