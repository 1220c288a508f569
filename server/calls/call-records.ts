/**
 * The call's row, written by the relay inside the business's tenant scope: at the start
 * (the caller's lead found or created, the row visible as a call in progress) and at the
 * end (times, reason, transcript, counters, the recording's reference).
 */

import { eq, sql } from 'drizzle-orm';
import {
  type CallCountersJson,
  type CallTranscriptTurn,
  callRecordings,
  calls,
  type RecordingStatus,
} from '../../db/schema';
import type { Database } from '../db/database';
import { emitEvent } from '../events/events';
import { upsertLeadByPhone } from '../leads/upsert';
import { toE164 } from '../lib/phone';
import { enqueueCallAnalysis } from './analysis/job';

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
  recording: {
    path: string;
    sizeBytes: number;
    durationMs: number;
    status: RecordingStatus;
    missingMs: number;
  } | null /**
   * The second part of a call (the caller came back from a transfer nobody took): its lines
   * follow the first part's (their times moved to the call's first answer), its time adds to
   * the call's, and the first part's counters stay.
   */;
  resumed?: { answeredAt: Date };
}

/** Inserts the call and upserts the caller's lead (source `call`); null lead for a hidden number. */
export function recordCallStart(db: Database, c: CallStartRecord): Promise<{ leadId: string | null }> {
  const from = toE164(c.from);
  return db.withTenant(c.businessId, async (tx) => {
    const lead = from
      ? (await upsertLeadByPhone(tx, c.businessId, { phone: from, source: 'call' })).lead
      : null;
    await tx
      .insert(calls)
      .values({
        id: c.callId,
        businessId: c.businessId,
        callSid: c.callSid,
        fromNumber: from ?? (c.from.slice(0, 40) || 'unknown'),
        toNumber: toE164(c.to) ?? c.to.slice(0, 40),
        leadId: lead?.id ?? null,
        startedAt: c.startedAt,
        answeredAt: c.answeredAt,
      })
      // The webhook wrote it ringing (lifecycle/ringing.ts), or an outage lost the first
      // attempt's answer: the same row, now answered.
      .onConflictDoUpdate({
        target: calls.id,
        // A caller back from a transfer keeps the call's first answer.
        set: {
          answeredAt: sql`coalesce(${calls.answeredAt}, excluded.answered_at)`,
          leadId: sql`coalesce(${calls.leadId}, excluded.lead_id)`,
        },
      });
    return { leadId: lead?.id ?? null };
  });
}

const faqAnswers = (turns: readonly CallTranscriptTurn[]) =>
  turns.filter((t) => t.kind === 'tool' && t.tool?.name === 'lookup_faq' && t.tool.ok).length;

/** Completes the row and adds the recording's reference. */
export function recordCallEnd(db: Database, c: CallEndRecord): Promise<void> {
  return db.withTenant(c.businessId, async (tx) => {
    if (c.resumed) {
      const [row] = await tx
        .select({ answeredAt: calls.answeredAt, transcript: calls.transcript, durationMs: calls.durationMs })
        .from(calls)
        .where(eq(calls.id, c.callId));
      const shift = row?.answeredAt ? c.resumed.answeredAt.getTime() - row.answeredAt.getTime() : 0;
      await tx
        .update(calls)
        .set({
          endedAt: c.endedAt,
          endReason: c.endReason.slice(0, 300),
          durationMs: (row?.durationMs ?? 0) + c.durationMs,
          transcript: [
            ...(row?.transcript ?? []),
            ...c.transcript.map((t) => ({ ...t, atMs: t.atMs + shift })),
          ],
        })
        .where(eq(calls.id, c.callId));
      return;
    }
    await tx
      .update(calls)
      .set({
        endedAt: c.endedAt,
        endReason: c.endReason.slice(0, 300),
        durationMs: c.durationMs,
        transcript: [...c.transcript],
        // Answers the assistant found in the business's FAQ: the overview's FAQ share.
        counters: { ...c.counters, faqAnswers: faqAnswers(c.transcript) },
      })
      .where(eq(calls.id, c.callId));
    if (c.recording) {
      await tx.insert(callRecordings).values({ businessId: c.businessId, callId: c.callId, ...c.recording });
    }
    // Something was said: the post-call analysis is queued with the end, in the same commit.
    if (c.transcript.some((t) => t.speaker !== 'system' && t.text.trim()))
      await enqueueCallAnalysis(tx, c.businessId, c.callId);
    await emitEvent(tx, c.businessId, { type: 'call.completed', callId: c.callId, actorUserId: null });
  });
}
