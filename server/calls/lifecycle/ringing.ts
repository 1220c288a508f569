/**
 * The call's row from the moment Twilio rings us, before any media stream: the caller's
 * lead found or created, the row written with no `answered_at`, and the webhook's `ringing`
 * recorded. The stream's start completes the same row (call-records.ts, by the same id), so
 * a call that never reaches the relay is still in the call log, as missed.
 */
import { calls } from '../../../db/schema';
import type { Database } from '../../db/database';
import { upsertLeadByPhone } from '../../leads/upsert';
import { toE164 } from '../../lib/phone';
import { recordStatus } from './call-status.ts';

export interface RingingCall {
  callId: string;
  callSid: string;
  businessId: string;
  /** As Twilio gave them. */
  from: string;
  to: string;
  receivedAt: Date;
}

export function recordCallRinging(db: Database, c: RingingCall): Promise<void> {
  const from = toE164(c.from);
  return db.withTenant(c.businessId, async (tx) => {
    const lead = from
      ? (await upsertLeadByPhone(tx, c.businessId, { phone: from, source: 'call' })).lead
      : null;
    const written = await tx
      .insert(calls)
      .values({
        id: c.callId,
        businessId: c.businessId,
        callSid: c.callSid,
        fromNumber: from ?? (c.from.slice(0, 40) || 'unknown'),
        toNumber: toE164(c.to) ?? c.to.slice(0, 40),
        leadId: lead?.id ?? null,
        startedAt: c.receivedAt,
      })
      // The stream's start may have written it first (a slow database): that row stands.
      .onConflictDoNothing()
      .returning({ id: calls.id });
    if (written.length === 0) return;
    await recordStatus(
      tx,
      { id: c.callId, businessId: c.businessId },
      {
        callSid: c.callSid,
        leg: 'caller',
        status: 'ringing',
        source: 'voice_webhook',
        occurredAt: c.receivedAt,
      },
    );
  });
}
