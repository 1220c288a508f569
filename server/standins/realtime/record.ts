import type {
  RealtimeClientEvent,
  RealtimeError,
  RealtimeServerEvent,
  RealtimeSessionCreateRequest,
} from 'openai/resources/realtime/realtime';

/**
 * What one connection to the stand-in saw and did, for tests to assert on. Audio payloads
 * in `received`/`sent` are replaced by `<N bytes>` so a long demo call stays small; the
 * appended audio itself is kept separately (when enabled).
 */
export interface SessionRecord {
  id: string;
  model: string;
  /** Clock time of the upgrade and of the close (null while open). */
  openedAt: number;
  closedAt: number | null;
  closeCode: number | null;
  /** Every client event in arrival order (unparseable frames are kept as `{ type: 'invalid_json' }`). */
  received: Array<RealtimeClientEvent | { type: 'invalid_json'; raw: string }>;
  /** Every server event in send order. */
  sent: RealtimeServerEvent[];
  /** The session configuration after the last `session.update`. */
  session: RealtimeSessionCreateRequest;
  appendedAudioBytes: number;
  /** All appended audio, concatenated (empty when `keepInputAudio` is off). */
  inputAudio(): Uint8Array;
  truncations: Array<{
    itemId: string;
    contentIndex: number;
    audioEndMs: number;
    /** The item's audio length when the request arrived (null: no such audio item). */
    itemAudioMs: number | null;
    accepted: boolean;
  }>;
  deletions: Array<{ itemId: string; accepted: boolean }>;
  cancels: Array<{ responseId: string | null; wasActive: boolean }>;
  responses: Array<{
    id: string;
    trigger: 'response.create' | 'server_vad';
    status: 'in_progress' | 'completed' | 'cancelled';
    audioBytes: number;
    functionCall: { name: string; callId: string } | null;
  }>;
  speech: Array<{ type: 'started' | 'stopped'; audioMs: number; itemId: string }>;
  functionOutputs: Array<{ callId: string; output: string }>;
  errors: RealtimeError[];
}

export function createSessionRecord(
  id: string,
  model: string,
  openedAt: number,
  session: RealtimeSessionCreateRequest,
  keepInputAudio: boolean,
): SessionRecord & { appendInput(bytes: Uint8Array): void } {
  const chunks: Uint8Array[] = [];
  const record = {
    id,
    model,
    openedAt,
    closedAt: null,
    closeCode: null,
    received: [],
    sent: [],
    session,
    appendedAudioBytes: 0,
    inputAudio: () => Buffer.concat(chunks),
    appendInput(bytes: Uint8Array) {
      record.appendedAudioBytes += bytes.length;
      if (keepInputAudio) chunks.push(bytes);
    },
    truncations: [],
    deletions: [],
    cancels: [],
    responses: [],
    speech: [],
    functionOutputs: [],
    errors: [],
  } satisfies SessionRecord & { appendInput(bytes: Uint8Array): void };
  return record;
}

/** A copy of a server event fit for the record: audio deltas summarised. */
export function summariseSent(event: RealtimeServerEvent): RealtimeServerEvent {
  if (event.type !== 'response.output_audio.delta') return event;
  return { ...event, delta: `<${Math.floor((event.delta.length * 3) / 4)} bytes>` };
}

/** A copy of a client event fit for the record: appended audio summarised. */
export function summariseReceived(event: RealtimeClientEvent, bytes: number): RealtimeClientEvent {
  if (event.type !== 'input_audio_buffer.append') return event;
  return { ...event, audio: `<${bytes} bytes>` };
}
