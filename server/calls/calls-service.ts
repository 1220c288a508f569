/**
 * Reading call records for the dashboard: the list (newest first, by lead, paginated) and
 * one call with its transcript and recording. Everything goes through the tenant scope, so
 * another business's call is answered 404 like one that does not exist.
 */
import { count, desc, eq, type SQL } from 'drizzle-orm';
import { type CallTranscriptTurn, callRecordings, calls, leads } from '../../db/schema';
import { NotFoundError } from '../lib/errors';
import { isUuid } from '../lib/ids';
import { inBusiness, type ServiceContext } from '../tenancy/scope';

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
  recording: { durationMs: number; sizeBytes: number } | null;
}

export interface CallDetail extends CallListItem {
  transcript: CallTranscriptTurn[];
  counters: Record<string, unknown> | null;
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
  recordingMs: callRecordings.durationMs,
  recordingBytes: callRecordings.sizeBytes,
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
  recordingMs: number | null;
  recordingBytes: number | null;
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
    recording:
      r.recordingMs === null || r.recordingBytes === null
        ? null
        : { durationMs: r.recordingMs, sizeBytes: r.recordingBytes },
  };
}

export interface CallListQuery {
  leadId?: string;
  limit: number;
  offset: number;
}

export function listCalls(
  ctx: ServiceContext,
  businessId: string | undefined,
  q: CallListQuery,
): Promise<{ calls: CallListItem[]; total: number }> {
  return inBusiness(ctx, businessId, 'calls.list', async (tx) => {
    const where: SQL | undefined = q.leadId ? eq(calls.leadId, q.leadId) : undefined;
    const rows = await tx
      .select(listColumns)
      .from(calls)
      .leftJoin(leads, eq(leads.id, calls.leadId))
      .leftJoin(callRecordings, eq(callRecordings.callId, calls.id))
      .where(where)
      .orderBy(desc(calls.startedAt), desc(calls.id))
      .limit(q.limit)
      .offset(q.offset);
    const [total] = await tx.select({ n: count() }).from(calls).where(where);
    return { calls: rows.map(toItem), total: total?.n ?? 0 };
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
      .select({ ...listColumns, transcript: calls.transcript, counters: calls.counters })
      .from(calls)
      .leftJoin(leads, eq(leads.id, calls.leadId))
      .leftJoin(callRecordings, eq(callRecordings.callId, calls.id))
      .where(eq(calls.id, id));
    if (!row) throw new NotFoundError('Call');
    return { ...toItem(row), transcript: row.transcript, counters: row.counters ?? null };
  });
}

/** The stored path of a call's recording, inside the tenant scope; 404 when there is none. */
export function recordingOf(
  ctx: ServiceContext,
  businessId: string | undefined,
  id: string,
): Promise<string> {
  if (!isUuid(id)) throw new NotFoundError('Recording');
  return inBusiness(ctx, businessId, 'calls.recording', async (tx) => {
    const [row] = await tx
      .select({ path: callRecordings.path })
      .from(callRecordings)
      .where(eq(callRecordings.callId, id));
    if (!row) throw new NotFoundError('Recording');
    return row.path;
  });
}
