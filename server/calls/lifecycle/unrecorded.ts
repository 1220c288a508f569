/**
 * An answered call whose relay never wrote its end: the process carrying it died, or its
 * record gave up waiting for the database. Its row would say "in progress" for ever. Twilio
 * still reports the end (the caller leg's final status callback, which reaches any process,
 * before or after a restart), so a job closes the row from that report a grace period later:
 * by then a live relay has written its own record, which this never overwrites (and a record
 * that lands later still replaces this one: `recordCallEnd` writes unconditionally).
 *
 * A call with no status callback at all (none configured, or every retry lost) is closed by
 * the daily retention once it is older than the longest call Twilio allows.
 */
import { and, eq, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { calls } from '../../../db/schema';
import type { Tx } from '../../db/database';
import { emitEvent } from '../../events/events';
import { enqueueJob } from '../../jobs/queue';
import type { JobHandler } from '../../jobs/runner';

/** The call and the final status that ended it (call-status.ts's CallRef and StatusReport). */
interface ClosingCall {
  id: string;
  businessId: string;
}
interface FinalStatus {
  status: string;
  occurredAt: Date;
  durationSeconds?: number | null;
}

export const CALL_CLOSE_JOB = 'call.close-unrecorded';
/** A live relay writes its record within milliseconds of the hang-up; an outage's retry may take longer (it then replaces this). */
export const CLOSE_GRACE_MS = 2 * 60_000;
/** Twilio ends a call after 4 hours (its default time limit); a row open longer was lost. */
export const LONGEST_CALL_MS = 4 * 3600_000 + 10 * 60_000;

export const LOST_RECORD_REASON = "ended: the assistant's record of the call was lost";

/** After the caller leg's final status: a row answered and still open gets a closing job. */
export async function closeIfUnrecorded(tx: Tx, call: ClosingCall, r: FinalStatus): Promise<void> {
  const [row] = await tx
    .select({ answeredAt: calls.answeredAt, endedAt: calls.endedAt })
    .from(calls)
    .where(eq(calls.id, call.id));
  if (!row?.answeredAt || row.endedAt) return;
  await enqueueJob(tx, {
    kind: CALL_CLOSE_JOB,
    businessId: call.businessId,
    runAt: new Date(r.occurredAt.getTime() + CLOSE_GRACE_MS),
    uniqueKey: `${CALL_CLOSE_JOB}:${call.id}`,
    payload: {
      callId: call.id,
      status: r.status,
      endedAt: r.occurredAt.toISOString(),
      durationSeconds: r.durationSeconds ?? null,
    },
  });
}

export const closeUnrecordedJob: JobHandler = async (tx, job) => {
  const p = job.payload as {
    callId: string;
    status: string;
    endedAt: string;
    durationSeconds: number | null;
  };
  if (!job.businessId) throw new Error(`${CALL_CLOSE_JOB} needs a business`);
  const closed = await tx
    .update(calls)
    .set({
      endedAt: new Date(p.endedAt),
      endReason: `${LOST_RECORD_REASON} (Twilio: ${p.status})`,
      durationMs: p.durationSeconds === null ? null : p.durationSeconds * 1000,
    })
    .where(and(eq(calls.id, p.callId), isNotNull(calls.answeredAt), isNull(calls.endedAt)))
    .returning({ id: calls.id });
  if (closed.length > 0)
    await emitEvent(tx, job.businessId, { type: 'call.completed', callId: p.callId, actorUserId: null });
};

/**
 * System scope, daily: rows still open past the longest call (no status callback ever came).
 * Their end is unknown: the row is closed at its start, without a duration.
 */
export async function closeAbandonedCalls(tx: Tx, now: Date): Promise<number> {
  const closed = await tx
    .update(calls)
    .set({
      endedAt: sql`coalesce(${calls.answeredAt}, ${calls.startedAt})`,
      endReason: sql`case when ${calls.answeredAt} is null then 'missed: no status from Twilio' else ${LOST_RECORD_REASON} end`,
    })
    .where(and(isNull(calls.endedAt), lt(calls.startedAt, new Date(now.getTime() - LONGEST_CALL_MS))))
    .returning({ id: calls.id });
  return closed.length;
}
