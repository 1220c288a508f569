/**
 * The lead list's filters and search, as one SQL condition. The search is a substring
 * match (ILIKE '%…%', Hebrew as typed) read through trigram indexes (db/schema/leads.ts):
 * one branch per indexed column, each bounded by the page, so the planner serves each
 * from its own index (or, for a very common word, by walking the newest leads) and a
 * search costs about the same with 200 leads or 200,000.
 */
import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { type LeadSource, leads } from '../../db/schema';
import type { Tx } from '../db/database';
import type { Cursor } from '../lib/keyset';

export interface LeadFilters {
  /**
   * The business, named in the SQL as well as enforced by row-level security: the policy's
   * OR (the system scope) keeps the planner from using it as an index condition.
   */
  businessId?: string;
  statusId?: string;
  source?: LeadSource;
  /** A user id, or 'none' for unassigned leads. */
  assignee?: string;
  /** Free text: a substring of the name, email or any note (Hebrew as typed), or of the phone. */
  q?: string;
}

/** Which slice of the matches is wanted: after a cursor, at most `limit` (unbounded when unset). */
export interface SearchBound {
  after?: Cursor;
  limit?: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The digits to look for in stored E.164 numbers, or null when q is not phone-like.
 * A national leading 0 is dropped, so '054-123' finds +97254123…; fewer than 3 digits
 * would match almost everything.
 */
export function phoneDigits(q: string): string | null {
  if (!/^[\d\s()+-]+$/.test(q)) return null;
  const digits = q.replace(/\D/g, '').replace(/^0+/, '');
  return digits.length >= 3 ? digits : null;
}

function filterConditions(f: LeadFilters): SQL[] {
  const conditions: SQL[] = [];
  if (f.businessId) conditions.push(eq(leads.businessId, f.businessId));
  if (f.statusId) conditions.push(eq(leads.statusId, f.statusId));
  if (f.source) conditions.push(eq(leads.source, f.source));
  if (f.assignee === 'none') conditions.push(isNull(leads.assigneeId));
  else if (f.assignee) conditions.push(eq(leads.assigneeId, f.assignee));
  return conditions;
}

/**
 * The ids of leads matching q, from prosaas_search.lead_ids (migration 0022): the union of
 * one bounded branch per indexed column, run by a role that row-level security does not
 * stop from using the trigram indexes, confined by the function to the transaction's
 * business. The filters and the page go in, so each branch reads only what the page shows.
 */
function matchingIds(q: string, f: LeadFilters, bound: SearchBound): SQL {
  return sql`${leads.id} in (select id from prosaas_search.lead_ids(${searchArguments(q, f, bound)}))`;
}

/**
 * The ids of the leads matching the search (newest first, after `bound.after`, at most
 * `bound.limit`), straight from prosaas_search.lead_ids.
 */
export async function searchLeadIds(
  tx: Tx,
  f: LeadFilters & { q: string },
  bound: SearchBound,
): Promise<string[]> {
  const result = await tx.execute(
    sql`select id from prosaas_search.lead_ids(${searchArguments(f.q.trim(), f, bound)}) order by created_at desc, id desc`,
  );
  const rows =
    (result as { rows?: { id: string }[] } & { id: string }[]).rows ?? (result as { id: string }[]);
  return rows.map((r) => r.id);
}

/** prosaas_search.lead_ids's arguments (and lead_ids_plan's) for this search. */
export function searchArguments(q: string, f: LeadFilters, bound: SearchBound): SQL {
  const digits = phoneDigits(q);
  const after = bound.after;
  const assignee = f.assignee && f.assignee !== 'none' ? f.assignee : null;
  return sql`${`%${escapeLike(q)}%`}::text, ${digits ? `%${digits}%` : null}::text,
    ${after?.at ?? null}::timestamptz, ${after?.id ?? null}::uuid, ${bound.limit ?? null}::integer,
    ${f.statusId ?? null}::uuid, ${f.source ?? null}::text, ${assignee}::uuid, ${f.assignee === 'none'}::boolean`;
}

/**
 * The condition for the leads matching `f`. With `bound`, the search's branches read only
 * what that page can show (the page itself still applies the cursor, order and limit).
 */
export function leadWhere(f: LeadFilters, bound: SearchBound = {}): SQL | undefined {
  const conditions = filterConditions(f);
  const q = f.q?.trim();
  if (q) conditions.push(matchingIds(q, f, bound));
  return and(...conditions);
}
