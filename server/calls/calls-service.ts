/**
 * Reading call records for the dashboard: the list (newest first, by lead, paginated) and
 * one call with its transcript and recording. Everything goes through the tenant scope, so
 * another business's call is answered 404 like one that does not exist.
 */
import { and, asc, desc, eq, gte, isNull, lte, sql } from 'drizzle-orm';
import {
  type AnalysisStatus,
  appointments,
  type CallAnalysis,
  type CallDirection,
  type CallLeg,
  type CallOutcome,
  type CallTranscriptTurn,
  callRecordings,
  callStatusEvents,
  calls,
  leads,
  type RecordingStatus,
  type TwilioCallStatus,
} from '../../db/schema';
import { NotFoundError } from '../lib/errors';
import { isUuid } from '../lib/ids';
import {
  type CappedTotal,
  COUNT_CAP,
  type Cursor,
  cappedCount,
  cursorAt,
  olderThan,
  pageOf,
  SEARCH_COUNT_CAP,
} from '../lib/keyset';
import { inBusiness, type ServiceContext } from '../tenancy/scope';
import { type CallFilters, callWhere } from './call-search.ts';

export interface CallListItem {
  id: string;
  callSid: string;
  from: string;
  to: string;
  lead: { id: string; name: string | null; phone: string } | null;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  endReason: string | null;
  durationMs: number | null;
  /** Twilio reported the call over and its media stream never started (lifecycle/call-status.ts). */
  missed: boolean;
  /** `status`: complete, partial (`missingMs` of silence where the storage was unreachable) or lost. */
  recording: { durationMs: number; sizeBytes: number; status: RecordingStatus; missingMs: number } | null;
  /** When retention deleted the recording (then `recording` is null). */
  recordingDeletedAt: string | null;
  direction: CallDirection;
  /** The post-call analysis: null when there was nothing to analyse. */
  analysisStatus: AnalysisStatus | null;
  outcome: CallOutcome | null;
  summary: string | null;
}

/** An appointment booked for the call's lead while the call was on (by the assistant). */
export interface CallAppointment {
  id: string;
  startsAt: string;
  status: string;
}

export interface CallStatusEntry {
  leg: CallLeg;
  status: TwilioCallStatus;
  at: string;
  durationSeconds: number | null;
}

export interface CallDetail extends CallListItem {
  transcript: CallTranscriptTurn[];
  counters: Record<string, unknown> | null;
  /** What Twilio reported, oldest first: the caller's call and any transfer leg. */
  statuses: CallStatusEntry[];
  analysis: CallAnalysis | null;
  /** Why the analysis failed, when it did. */
  analysisError: string | null;
  /** The lead was created by this call (a new person), not found. */
  leadCreated: boolean;
  appointments: CallAppointment[];
}

const listColumns = {
  id: calls.id,
  callSid: calls.callSid,
  from: calls.fromNumber,
  to: calls.toNumber,
  leadId: leads.id,
  leadName: leads.name,
  leadPhone: leads.phone,
  startedAt: calls.startedAt,
  answeredAt: calls.answeredAt,
  endedAt: calls.endedAt,
  endReason: calls.endReason,
  durationMs: calls.durationMs,
  missed: sql<boolean>`(${calls.answeredAt} IS NULL AND ${calls.endedAt} IS NOT NULL)`,
  recordingMs: callRecordings.durationMs,
  recordingBytes: callRecordings.sizeBytes,
  recordingStatus: callRecordings.status,
  recordingMissingMs: callRecordings.missingMs,
  recordingDeletedAt: calls.recordingDeletedAt,
  direction: calls.direction,
  analysisStatus: calls.analysisStatus,
  outcome: calls.outcome,
  summary: calls.summary,
};

interface ListRow {
  id: string;
  callSid: string;
  from: string;
  to: string;
  leadId: string | null;
  leadName: string | null;
  leadPhone: string | null;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  endReason: string | null;
  durationMs: number | null;
  missed: boolean;
  recordingMs: number | null;
  recordingBytes: number | null;
  recordingStatus: RecordingStatus | null;
  recordingMissingMs: number | null;
  recordingDeletedAt: Date | null;
  direction: CallDirection;
  analysisStatus: AnalysisStatus | null;
  outcome: CallOutcome | null;
  summary: string | null;
}

function toItem(r: ListRow): CallListItem {
  return {
    id: r.id,
    callSid: r.callSid,
    from: r.from,
    to: r.to,
    lead: r.leadId ? { id: r.leadId, name: r.leadName, phone: r.leadPhone ?? '' } : null,
    startedAt: r.startedAt.toISOString(),
    answeredAt: r.answeredAt?.toISOString() ?? null,
    endedAt: r.endedAt?.toISOString() ?? null,
    endReason: r.endReason,
    durationMs: r.durationMs,
    missed: r.missed,
    recording:
      r.recordingMs === null || r.recordingBytes === null
        ? null
        : {
            durationMs: r.recordingMs,
            sizeBytes: r.recordingBytes,
            status: r.recordingStatus ?? 'complete',
            missingMs: r.recordingMissingMs ?? 0,
          },
    recordingDeletedAt: r.recordingDeletedAt?.toISOString() ?? null,
    direction: r.direction,
    analysisStatus: r.analysisStatus,
    outcome: r.outcome,
    summary: r.summary,
  };
}

export interface CallListQuery extends CallFilters {
  limit: number;
  /** The `next` of the previous page. */
  after?: Cursor;
}

export interface CallPage extends CappedTotal {
  calls: CallListItem[];
  next: string | null;
}

/** One page of calls, newest first (by start, then id); the total counted up to COUNT_CAP. */
export function listCalls(
  ctx: ServiceContext,
  businessId: string | undefined,
  q: CallListQuery,
): Promise<CallPage> {
  return inBusiness(ctx, businessId, 'calls.list', async (tx, bid) => {
    // The business named as well as enforced by RLS: the index's leading column.
    const { limit: _limit, after: _after, ...filters } = q;
    const where = callWhere(bid, filters);
    const rows = await tx
      .select({ ...listColumns, at: cursorAt(calls.startedAt) })
      .from(calls)
      .leftJoin(leads, eq(leads.id, calls.leadId))
      .leftJoin(callRecordings, eq(callRecordings.callId, calls.id))
      .where(and(where, olderThan(calls.startedAt, calls.id, q.after)))
      .orderBy(desc(calls.startedAt), desc(calls.id))
      .limit(q.limit + 1);
    const { items, next } = pageOf(rows, q.limit, (r) => ({ at: r.at, id: r.id }));
    const counted = tx.select({ id: calls.id }).from(calls).where(where).$dynamic();
    const cap = q.q?.trim() ? SEARCH_COUNT_CAP : COUNT_CAP;
    return { calls: items.map(toItem), next, ...(await cappedCount(tx, counted, cap)) };
  });
}

export function getCall(
  ctx: ServiceContext,
  businessId: string | undefined,
  id: string,
): Promise<CallDetail> {
  if (!isUuid(id)) throw new NotFoundError('Call');
  return inBusiness(ctx, businessId, 'calls.read', async (tx) => {
    const [row] = await tx
      .select({
        ...listColumns,
        transcript: calls.transcript,
        counters: calls.counters,
        analysis: calls.analysis,
        analysisError: calls.analysisError,
        leadCreatedAt: leads.createdAt,
      })
      .from(calls)
      .leftJoin(leads, eq(leads.id, calls.leadId))
      .leftJoin(callRecordings, eq(callRecordings.callId, calls.id))
      .where(eq(calls.id, id));
    if (!row) throw new NotFoundError('Call');
    const statuses = await tx
      .select({
        leg: callStatusEvents.leg,
        status: callStatusEvents.status,
        at: callStatusEvents.occurredAt,
        durationSeconds: callStatusEvents.durationSeconds,
      })
      .from(callStatusEvents)
      .where(eq(callStatusEvents.callId, id))
      .orderBy(
        // Twilio's Timestamp is to the second: within one, the order of arrival.
        sql`date_trunc('second', ${callStatusEvents.occurredAt})`,
        asc(callStatusEvents.receivedAt),
      );
    // What the call produced: a lead created while it was on, appointments the assistant
    // booked for that lead while it was on (no user made them; the minute after covers the
    // record's write).
    const callEnd = new Date((row.endedAt ?? new Date()).getTime() + 60_000);
    const produced = row.leadId
      ? await tx
          .select({ id: appointments.id, startsAt: appointments.startsAt, status: appointments.status })
          .from(appointments)
          .where(
            and(
              eq(appointments.leadId, row.leadId),
              isNull(appointments.createdBy),
              gte(appointments.createdAt, row.startedAt),
              lte(appointments.createdAt, callEnd),
            ),
          )
          .orderBy(asc(appointments.startsAt))
      : [];
    const leadCreated =
      row.leadCreatedAt !== null &&
      row.leadCreatedAt.getTime() >= row.startedAt.getTime() - 5_000 &&
      row.leadCreatedAt <= callEnd;
    return {
      ...toItem(row),
      transcript: row.transcript,
      counters: row.counters ?? null,
      analysis: row.analysis ?? null,
      analysisError: row.analysisError ?? null,
      leadCreated,
      appointments: produced.map((a) => ({ ...a, startsAt: a.startsAt.toISOString() })),
      statuses: statuses.map((s) => ({ ...s, at: s.at.toISOString() })),
    };
  });
}

/** A call's recording reference, inside the tenant scope; 404 when there is none. */
export function recordingOf(
  ctx: ServiceContext,
  businessId: string | undefined,
  id: string,
): Promise<{ path: string; status: RecordingStatus }> {
  if (!isUuid(id)) throw new NotFoundError('Recording');
  return inBusiness(ctx, businessId, 'calls.recording', async (tx) => {
    const [row] = await tx
      .select({ path: callRecordings.path, status: callRecordings.status })
      .from(callRecordings)
      .where(eq(callRecordings.callId, id));
    if (!row) throw new NotFoundError('Recording');
    return row;
  });
}
