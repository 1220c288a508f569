/**
 * What Twilio tells us about a call's progress, written to `call_status_events`: the voice
 * webhook's `ringing`, every status callback (the number's, for the caller's call; a
 * `<Number statusCallback>`'s, for a transfer leg), a `<Dial>`'s outcome. A pair of (leg's
 * CallSid, status) is written once, so Twilio's retries change nothing. A call whose stream
 * never started ends here: its row gets the end Twilio reported, and the log shows it missed.
 * One that was answered but whose relay never wrote its end is closed from it later
 * (unrecorded.ts).
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import {
  type CallLeg,
  callStatusEvents,
  calls,
  type StatusSource,
  TWILIO_CALL_STATUSES,
  type TwilioCallStatus,
} from '../../../db/schema';
import type { Database, Tx } from '../../db/database';
import { closeIfUnrecorded } from './unrecorded.ts';

/** Statuses after which a leg is over. */
export const FINAL_STATUSES: ReadonlySet<TwilioCallStatus> = new Set([
  'completed',
  'busy',
  'no-answer',
  'failed',
  'canceled',
]);

export function isTwilioCallStatus(s: string): s is TwilioCallStatus {
  return (TWILIO_CALL_STATUSES as readonly string[]).includes(s);
}

export interface StatusReport {
  /** The leg's own CallSid (for a transfer leg, the child call's). */
  callSid: string;
  leg: CallLeg;
  status: TwilioCallStatus;
  source: StatusSource;
  sequenceNumber?: number | null;
  durationSeconds?: number | null;
  occurredAt: Date;
}

export type StatusOutcome = 'recorded' | 'duplicate';

/**
 * Writes one report on the call `callId` inside the business's scope. A final status of the
 * caller's leg on a call that was never answered (no stream) closes its row as missed.
 */
export async function recordStatus(tx: Tx, call: CallRef, r: StatusReport): Promise<StatusOutcome> {
  const inserted = await tx
    .insert(callStatusEvents)
    .values({
      businessId: call.businessId,
      callId: call.id,
      callSid: r.callSid,
      leg: r.leg,
      status: r.status,
      source: r.source,
      sequenceNumber: r.sequenceNumber ?? null,
      durationSeconds: r.durationSeconds ?? null,
      occurredAt: r.occurredAt,
    })
    .onConflictDoNothing({ target: [callStatusEvents.callSid, callStatusEvents.status] })
    .returning({ id: callStatusEvents.id });
  if (inserted.length === 0) return 'duplicate';
  if (r.leg === 'caller' && FINAL_STATUSES.has(r.status)) {
    // The relay's own record (answered_at set at the stream's start) always wins over this.
    await tx
      .update(calls)
      .set({
        endedAt: sql`coalesce(${calls.endedAt}, ${r.occurredAt.toISOString()}::timestamptz)`,
        endReason: sql`coalesce(${calls.endReason}, ${`missed: ${r.status}`})`,
      })
      .where(and(eq(calls.id, call.id), isNull(calls.answeredAt)));
    await closeIfUnrecorded(tx, call, r);
  }
  return 'recorded';
}

export interface CallRef {
  id: string;
  businessId: string;
}

/**
 * The call Twilio's CallSid belongs to. Runs in the system scope: nothing but the CallSid is
 * known until it answers (like the called number's business, business-lookup.ts).
 */
export async function findCallBySid(db: Database, callSid: string): Promise<CallRef | null> {
  const rows = await db.withSystem((tx) =>
    tx
      .select({ id: calls.id, businessId: calls.businessId })
      .from(calls)
      .where(eq(calls.callSid, callSid))
      .limit(1),
  );
  return rows[0] ?? null;
}
