/**
 * Every OpenAI Realtime (GA protocol) event name the relay sends or reads, in one place and
 * checked against the `openai` package's own unions: a renamed event (the beta's
 * `response.audio.delta`, say) fails the type check here rather than silently at runtime.
 */
import type {
  ConversationItemCreateEvent,
  ConversationItemDeleteEvent,
  ConversationItemTruncateEvent,
  InputAudioBufferAppendEvent,
  RealtimeClientEvent,
  RealtimeServerEvent,
  ResponseCancelEvent,
  ResponseCreateEvent,
  SessionUpdateEvent,
} from 'openai/resources/realtime/realtime';

export type {
  ConversationItemCreateEvent,
  ConversationItemDeleteEvent,
  ConversationItemTruncateEvent,
  InputAudioBufferAppendEvent,
  RealtimeClientEvent,
  RealtimeServerEvent,
  ResponseCancelEvent,
  ResponseCreateEvent,
  SessionUpdateEvent,
};

/** Client → server events we send. */
export const CLIENT_EVENT = {
  sessionUpdate: 'session.update',
  appendAudio: 'input_audio_buffer.append',
  itemCreate: 'conversation.item.create',
  itemTruncate: 'conversation.item.truncate',
  itemDelete: 'conversation.item.delete',
  responseCreate: 'response.create',
  responseCancel: 'response.cancel',
} as const satisfies Record<string, RealtimeClientEvent['type']>;

/** Server → client events we act on; every other type is counted and ignored. */
export const SERVER_EVENT = {
  sessionCreated: 'session.created',
  sessionUpdated: 'session.updated',
  responseCreated: 'response.created',
  responseDone: 'response.done',
  outputItemAdded: 'response.output_item.added',
  outputAudioDelta: 'response.output_audio.delta',
  outputAudioDone: 'response.output_audio.done',
  outputTranscriptDelta: 'response.output_audio_transcript.delta',
  outputTranscriptDone: 'response.output_audio_transcript.done',
  speechStarted: 'input_audio_buffer.speech_started',
  speechStopped: 'input_audio_buffer.speech_stopped',
  inputCommitted: 'input_audio_buffer.committed',
  functionCallArgumentsDone: 'response.function_call_arguments.done',
  inputTranscriptionCompleted: 'conversation.item.input_audio_transcription.completed',
  error: 'error',
} as const satisfies Record<string, RealtimeServerEvent['type']>;

export type HandledServerEventType = (typeof SERVER_EVENT)[keyof typeof SERVER_EVENT];

/** The package's own type for a server event, by its `type`. */
export type ServerEventOf<T extends RealtimeServerEvent['type']> = Extract<RealtimeServerEvent, { type: T }>;

/**
 * Upstream error codes that are expected races, not faults: a cancel that crossed the
 * response's own `response.done`, a `response.create` while one is in progress. Log them at
 * a low level; never end a call over them (nor over any other `error` event: most are
 * recoverable and the session stays open).
 */
export const BENIGN_ERROR_CODES: ReadonlySet<string> = new Set([
  'response_cancel_not_active',
  'conversation_already_has_active_response',
]);
