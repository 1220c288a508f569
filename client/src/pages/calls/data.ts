import { query } from '@solidjs/router';
import { api, withQuery } from '../../api';

export type CallOutcome =
  | 'booked'
  | 'lead_captured'
  | 'question_answered'
  | 'transferred'
  | 'abandoned'
  | 'failed';
export type CallDirection = 'inbound' | 'outbound' | 'browser';
export type AnalysisStatus = 'pending' | 'done' | 'failed';

export type CallListItem = {
  id: string;
  from: string;
  to: string;
  lead: { id: string; name: string | null; phone: string } | null;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  endReason: string | null;
  durationMs: number | null;
  missed: boolean;
  recording: {
    durationMs: number;
    sizeBytes: number;
    status: 'complete' | 'partial' | 'lost';
    missingMs: number;
  } | null;
  recordingDeletedAt: string | null;
  direction: CallDirection;
  analysisStatus: AnalysisStatus | null;
  outcome: CallOutcome | null;
  summary: string | null;
};

export type TranscriptTurn = {
  speaker: 'caller' | 'assistant' | 'system';
  text: string;
  atMs: number;
  kind?: 'speech' | 'dtmf' | 'tool';
  tool?: { name: string; ok: boolean };
  interrupted?: { heardMs: number; sentMs: number };
};

export type CallAnalysis = {
  summary: string;
  outcome: CallOutcome;
  intent: string;
  fields: { name: string | null; service: string | null; time: string | null; callbackNumber: string | null };
  sentiment: 'positive' | 'neutral' | 'negative';
};

export type CallDetail = CallListItem & {
  transcript: TranscriptTurn[];
  counters: Record<string, unknown> | null;
  statuses: { leg: string; status: string; at: string; durationSeconds: number | null }[];
  analysis: CallAnalysis | null;
  /** Why the analysis failed (technical, in English), when it did. */
  analysisError: string | null;
  leadCreated: boolean;
  appointments: { id: string; startsAt: string; status: string }[];
};

/** The list's filters as the API names them (every value a string, as in the URL). */
export type CallFilters = {
  q?: string;
  from?: string;
  to?: string;
  status?: string;
  outcome?: string;
  direction?: string;
  hasRecording?: string;
  minSeconds?: string;
  maxSeconds?: string;
  leadId?: string;
};

export type CallPage = { calls: CallListItem[]; total: number; totalCapped: boolean; next: string | null };

export const listCalls = query(
  (businessId: string | undefined, filters: CallFilters, limit: number, after?: string) =>
    api.get<CallPage>(withQuery('/api/calls', { ...filters, limit, after, businessId })),
  'calls',
);

export const getCall = query(
  async (businessId: string | undefined, id: string) =>
    (await api.get<{ call: CallDetail }>(withQuery(`/api/calls/${encodeURIComponent(id)}`, { businessId })))
      .call,
  'call',
);

/** The business's call events (GET /api/calls/stream): `onChange` with the id of each call that changed. */
export function openCallStream(
  businessId: string | undefined,
  handlers: {
    onChange?: (callId: string) => void;
    onEvent?: (event: { type: string; callId: string } & Record<string, unknown>) => void;
  },
): () => void {
  const source = new EventSource(withQuery('/api/calls/stream', { businessId }));
  source.addEventListener('call', (event) => {
    const data = JSON.parse((event as MessageEvent<string>).data) as { type: string; callId: string };
    if (data.type === 'changed') handlers.onChange?.(data.callId);
    handlers.onEvent?.(data);
  });
  return () => source.close();
}
