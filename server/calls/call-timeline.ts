/** Calls as entries of a lead's timeline (registered in server/app.ts). */
import { and, eq } from 'drizzle-orm';
import { callRecordings, calls } from '../../db/schema';
import { afterCursor, type TimelineSource, timelineKey, timelineOrder } from '../leads/timeline-source';

export const callTimeline: TimelineSource = async (tx, lead, page) => {
  const rows = await tx
    .select({
      id: calls.id,
      at: calls.startedAt,
      key: timelineKey(calls.startedAt),
      endedAt: calls.endedAt,
      answeredAt: calls.answeredAt,
      durationMs: calls.durationMs,
      endReason: calls.endReason,
      recordingMs: callRecordings.durationMs,
      recordingStatus: callRecordings.status,
      analysisStatus: calls.analysisStatus,
      outcome: calls.outcome,
      summary: calls.summary,
    })
    .from(calls)
    .leftJoin(callRecordings, eq(callRecordings.callId, calls.id))
    .where(and(eq(calls.leadId, lead.id), afterCursor('call', calls.startedAt, calls.id, page.after)))
    .orderBy(...timelineOrder(calls.startedAt, calls.id))
    .limit(page.limit);
  return rows.map((r) => ({
    kind: 'call',
    id: r.id,
    key: r.key,
    at: r.at.toISOString(),
    data: {
      endedAt: r.endedAt?.toISOString() ?? null,
      durationMs: r.durationMs,
      endReason: r.endReason,
      // Twilio reported it over before its media stream started (lifecycle/call-status.ts).
      missed: r.answeredAt === null && r.endedAt !== null,
      hasRecording: r.recordingMs !== null,
      recordingStatus: r.recordingStatus,
      // The post-call analysis (server/calls/analysis), once it came back.
      analysisStatus: r.analysisStatus,
      outcome: r.outcome,
      summary: r.summary,
    },
  }));
};
