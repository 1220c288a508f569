/**
 * The call's row, written by the relay inside the business's tenant scope: at the start
 * (the caller's lead found or created, the row visible as a call in progress) and at the
 * end (times, reason, transcript, counters, the recording's reference).
 */
import { eq } from 'drizzle-orm';
import { type CallCountersJson, type CallTranscriptTurn, callRecordings, calls } from '../../db/schema';
import type { Database } from '../db/database';
import { upsertLeadByPhone } from '../leads/upsert';
import { toE164 } from '../lib/phone';

export interface CallStartRecord {
  callId: string;
  businessId: string;
  callSid: string;
  /** As Twilio gave them. */
  from: string;
  to: string;
  startedAt: Date;
  answeredAt: Date;
}

export interface CallEndRecord {
  callId: string;
  businessId: string;
  endedAt: Date;
  endReason: string;
  durationMs: number;
  transcript: readonly CallTranscriptTurn[];
  counters: CallCountersJson;
  recording: { path: string; sizeBytes: number; durationMs: number } | null;
}

/** Inserts the call and upserts the caller's lead (source `call`); null lead for a hidden number. */
export function recordCallStart(db: Database, c: CallStartRecord): Promise<{ leadId: string | null }> {
  const from = toE164(c.from);
  return db.withTenant(c.businessId, async (tx) => {
    const lead = from
      ? (await upsertLeadByPhone(tx, c.businessId, { phone: from, source: 'call' })).lead
      : null;
    await tx.insert(calls).values({
      id: c.callId,
      businessId: c.businessId,
      callSid: c.callSid,
      fromNumber: from ?? (c.from.slice(0, 40) || 'unknown'),
      toNumber: toE164(c.to) ?? c.to.slice(0, 40),
      leadId: lead?.id ?? null,
      startedAt: c.startedAt,
      answeredAt: c.answeredAt,
    });
    return { leadId: lead?.id ?? null };
  });
}

/** Completes the row and adds the recording's reference. */
export function recordCallEnd(db: Database, c: CallEndRecord): Promise<void> {
  return db.withTenant(c.businessId, async (tx) => {
    await tx
      .update(calls)
      .set({
        endedAt: c.endedAt,
        endReason: c.endReason.slice(0, 300),
        durationMs: c.durationMs,
        transcript: [...c.transcript],
        counters: c.counters,
      })
      .where(eq(calls.id, c.callId));
    if (c.recording) {
      await tx.insert(callRecordings).values({ businessId: c.businessId, callId: c.callId, ...c.recording });
    }
  });
}
