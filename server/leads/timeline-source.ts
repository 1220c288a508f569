/**
 * What a lead's timeline is made of. Each domain that has history with a person (calls,
 * messages, tasks, appointments) exports a `TimelineSource`; the composition root hands the
 * list to the lead routes, so the timeline imports none of them.
 *
 * The timeline is read newest first in the order (at desc, kind asc, id asc) and paged by
 * a cursor of that triple, so a page costs the same at the start and 5,000 entries in, and
 * entries of one instant (one transaction's now()) neither repeat nor hide across pages.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Tx } from '../db/database';
import { ValidationError } from '../lib/errors';
import { isUuid } from '../lib/ids';

export interface TimelineEntry {
  kind: string;
  id: string;
  /** When it happened (ISO, UTC). */
  at: string;
  data: Record<string, unknown>;
}

/** Where a timeline page ends: `at` in microseconds, fixed width (see `timelineKey`). */
export interface TimelineCursor {
  at: string;
  kind: string;
  id: string;
}

/** An entry with its sort key: `key` is `timelineKey` of its time. */
export type KeyedEntry = TimelineEntry & { key: string };

/** The `limit` first entries of one kind for a lead after `after`, inside the lead's tenant scope. */
export type TimelineSource = (
  tx: Tx,
  lead: { id: string; businessId: string },
  page: { limit: number; after?: TimelineCursor },
) => Promise<KeyedEntry[]>;

/**
 * The timestamp as fixed-width UTC text with microseconds ('2026-12-02T05:06:23.123456Z'),
 * so keys from every table compare as strings and a cursor loses nothing of the instant.
 */
export const timelineKey = (at: PgColumn) =>
  sql<string>`to_char(${at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The rows of `kind` strictly after the cursor in (at desc, kind asc, id asc): a kind
 * sorting after the cursor's includes the cursor's instant, one before it does not.
 */
export function afterCursor(
  kind: string,
  at: PgColumn,
  id: PgColumn,
  c: TimelineCursor | undefined,
): SQL | undefined {
  if (!c) return undefined;
  if (kind > c.kind) return sql`${at} <= ${c.at}::timestamptz`;
  if (kind < c.kind) return sql`${at} < ${c.at}::timestamptz`;
  return sql`(${at} < ${c.at}::timestamptz or (${at} = ${c.at}::timestamptz and ${id} > ${c.id}::uuid))`;
}

/** The order within one source that matches the timeline's. */
export const timelineOrder = (at: PgColumn, id: PgColumn) => [sql`${at} desc`, sql`${id} asc`];

export const compareEntries = (a: KeyedEntry, b: KeyedEntry) =>
  a.key < b.key
    ? 1
    : a.key > b.key
      ? -1
      : a.kind < b.kind
        ? -1
        : a.kind > b.kind
          ? 1
          : a.id < b.id
            ? -1
            : a.id > b.id
              ? 1
              : 0;

export function encodeTimelineCursor(e: KeyedEntry): string {
  return Buffer.from(`${e.key}|${e.kind}|${e.id}`).toString('base64url');
}

function isRealInstant(at: string): boolean {
  const time = new Date(at).getTime();
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 19) === at.slice(0, 19);
}

/** The cursor a client sent back; anything this timeline did not give out is a 400. */
export function decodeTimelineCursor(text: string): TimelineCursor {
  const [at, kind, id, ...rest] = Buffer.from(text, 'base64url').toString().split('|');
  if (
    !at ||
    !kind ||
    !id ||
    rest.length > 0 ||
    !isUuid(id) ||
    !/^[a-z_]{1,40}$/.test(kind) ||
    !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(at) ||
    // A well-formed but impossible instant (month 13) would reach PostgreSQL as a 500.
    !isRealInstant(at)
  )
    throw new ValidationError({ after: 'is not a cursor this timeline gave out' });
  return { at, kind, id };
}
