/** Calls as entries of a lead's timeline (server/leads/timeline.ts). */
import { desc, eq } from 'drizzle-orm';
import { callRecordings, calls } from '../../db/schema';
import type { TimelineSource } from '../leads/timeline';

export const callTimeline: TimelineSource = async (tx, lead, limit) => {
  const rows = await tx
    .select({
      id: calls.id,
      at: calls.startedAt,
      endedAt: calls.endedAt,
      durationMs: calls.durationMs,
      endReason: calls.endReason,
      recordingMs: callRecordings.durationMs,
    })
    .from(calls)
    .leftJoin(callRecordings, eq(callRecordings.callId, calls.id))
    .where(eq(calls.leadId, lead.id))
    .orderBy(desc(calls.startedAt))
    .limit(limit);
  return rows.map((r) => ({
    kind: 'call',
    id: r.id,
    at: r.at.toISOString(),
    data: {
      endedAt: r.endedAt?.toISOString() ?? null,
      durationMs: r.durationMs,
      endReason: r.endReason,
      hasRecording: r.recordingMs !== null,
    },
  }));
};
