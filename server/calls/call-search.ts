/**
 * The call list's filters and search as one SQL condition. The search matches the caller's
 * number by its digits (a national leading 0 dropped, as the lead search does), the lead's
 * name and the post-call summary (ILIKE '%…%', Hebrew as typed), each through a trigram
 * index (db/schema/calls.ts, db/schema/leads.ts).
 */
import { and, eq, gte, isNotNull, isNull, lt, type SQL, sql } from 'drizzle-orm';
import {
  CALL_DIRECTIONS,
  CALL_OUTCOMES,
  type CallDirection,
  type CallOutcome,
  callRecordings,
  calls,
  leads,
} from '../../db/schema';
import { phoneDigits } from '../leads/search';

/** What the caller experienced: answered by the assistant, or missed (never connected). */
export const CALL_STATUS_FILTERS = ['answered', 'missed', 'live'] as const;
export type CallStatusFilter = (typeof CALL_STATUS_FILTERS)[number];

export interface CallFilters {
  leadId?: string;
  /** Started at or after / before these instants. */
  from?: Date;
  to?: Date;
  status?: CallStatusFilter;
  /** The analysis's outcome; 'pending' for calls whose analysis has not come back yet. */
  outcome?: CallOutcome | 'pending';
  direction?: CallDirection;
  hasRecording?: boolean;
  /** Duration bounds in seconds (inclusive). */
  minSeconds?: number;
  maxSeconds?: number;
  q?: string;
}

export { CALL_DIRECTIONS, CALL_OUTCOMES };

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function searchCondition(businessId: string, q: string): SQL {
  const pattern = `%${escapeLike(q)}%`;
  const digits = phoneDigits(q);
  const branches: SQL[] = [
    sql`${calls.summary} ilike ${pattern}`,
    sql`${calls.leadId} in (select ${leads.id} from ${leads} where ${leads.businessId} = ${businessId} and ${leads.name} ilike ${pattern})`,
  ];
  if (digits) branches.push(sql`${calls.fromNumber} like ${`%${digits}%`}`);
  return sql`(${sql.join(branches, sql` or `)})`;
}

/** The condition for a business's calls matching `f` (the business named: the index's leading column). */
export function callWhere(businessId: string, f: CallFilters): SQL | undefined {
  const c: (SQL | undefined)[] = [eq(calls.businessId, businessId)];
  if (f.leadId) c.push(eq(calls.leadId, f.leadId));
  if (f.from) c.push(gte(calls.startedAt, f.from));
  if (f.to) c.push(lt(calls.startedAt, f.to));
  if (f.status === 'answered') c.push(isNotNull(calls.answeredAt));
  else if (f.status === 'missed') c.push(and(isNull(calls.answeredAt), isNotNull(calls.endedAt)));
  else if (f.status === 'live') c.push(isNull(calls.endedAt));
  if (f.outcome === 'pending') c.push(eq(calls.analysisStatus, 'pending'));
  else if (f.outcome) c.push(eq(calls.outcome, f.outcome));
  if (f.direction) c.push(eq(calls.direction, f.direction));
  if (f.hasRecording !== undefined) {
    const has = sql`exists (select 1 from ${callRecordings} where ${callRecordings.callId} = ${calls.id} and ${callRecordings.status} <> 'lost')`;
    c.push(f.hasRecording ? has : sql`not ${has}`);
  }
  if (f.minSeconds !== undefined) c.push(gte(calls.durationMs, f.minSeconds * 1000));
  if (f.maxSeconds !== undefined) c.push(sql`${calls.durationMs} <= ${f.maxSeconds * 1000}`);
  const q = f.q?.trim();
  if (q) c.push(searchCondition(businessId, q));
  return and(...c);
}
