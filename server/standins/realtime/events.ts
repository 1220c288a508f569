import type {
  ConversationItem,
  RealtimeClientEvent,
  RealtimeError,
  RealtimeServerEvent,
} from 'openai/resources/realtime/realtime';

export type { ConversationItem, RealtimeClientEvent, RealtimeServerEvent };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A server event before the session stamps its `event_id`. */
export type ServerEventDraft = DistributiveOmit<RealtimeServerEvent, 'event_id'>;

/** Ids shaped like OpenAI's (`event_…`, `item_…`, `resp_…`, `call_…`, `sess_…`). */
export function createIds(): (prefix: 'event' | 'item' | 'resp' | 'call' | 'sess' | 'conv') => string {
  const tag = crypto.randomUUID().replaceAll('-', '').slice(0, 10);
  let n = 0;
  return (prefix) => `${prefix}_${tag}${(++n).toString(36).padStart(6, '0')}`;
}

/**
 * The `error` events the service sends for the mistakes a relay can make. Codes and
 * sentences follow what OpenAI sends (clients match on them), e.g. the truncation refusal
 * "Audio content of 9800ms is already shorter than 11579ms".
 */
export const realtimeErrors = {
  cancelNotActive: (): RealtimeError => ({
    type: 'invalid_request_error',
    code: 'response_cancel_not_active',
    message: 'Cancellation failed: no active response found',
  }),
  alreadyActive: (responseId: string): RealtimeError => ({
    type: 'invalid_request_error',
    code: 'conversation_already_has_active_response',
    message: `Conversation already has an active response in progress: ${responseId}. Wait until the response is finished before creating a new one.`,
  }),
  truncateTooLong: (audioMs: number, requestedMs: number): RealtimeError => ({
    type: 'invalid_request_error',
    code: 'invalid_value',
    param: 'audio_end_ms',
    message: `Audio content of ${audioMs}ms is already shorter than ${requestedMs}ms`,
  }),
  truncateZero: (): RealtimeError => ({
    type: 'invalid_request_error',
    code: 'invalid_value',
    param: 'audio_end_ms',
    message: "Invalid 'audio_end_ms': expected a value greater than 0.",
  }),
  truncateNotAudio: (): RealtimeError => ({
    type: 'invalid_request_error',
    code: 'invalid_value',
    param: 'item_id',
    message: 'Only model output audio messages can be truncated',
  }),
  truncateUnknownItem: (itemId: string): RealtimeError => ({
    type: 'invalid_request_error',
    code: 'item_truncate_invalid_item_id',
    param: 'item_id',
    message: `Error truncating item: the item with id '${itemId}' does not exist.`,
  }),
  deleteUnknownItem: (itemId: string): RealtimeError => ({
    type: 'invalid_request_error',
    code: 'item_delete_invalid_item_id',
    param: 'item_id',
    message: `Error deleting item: the item with id '${itemId}' does not exist.`,
  }),
  itemExists: (itemId: string): RealtimeError => ({
    type: 'invalid_request_error',
    code: 'item_already_exists',
    param: 'item.id',
    message: `Item with id '${itemId}' already exists.`,
  }),
  previousNotFound: (itemId: string): RealtimeError => ({
    type: 'invalid_request_error',
    code: 'item_not_found',
    param: 'previous_item_id',
    message: `Item with id '${itemId}' not found.`,
  }),
  commitEmpty: (ms: number): RealtimeError => ({
    type: 'invalid_request_error',
    code: 'input_audio_buffer_commit_empty',
    message: `Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has ${ms.toFixed(2)}ms of audio.`,
  }),
  missingSessionType: (): RealtimeError => ({
    type: 'invalid_request_error',
    code: 'missing_required_parameter',
    param: 'session.type',
    message: "Missing required parameter: 'session.type'.",
  }),
  invalidJson: (): RealtimeError => ({
    type: 'invalid_request_error',
    code: 'invalid_json',
    message: 'The server failed to parse the event as JSON.',
  }),
  unknownEvent: (type: unknown): RealtimeError => ({
    type: 'invalid_request_error',
    code: 'invalid_value',
    param: 'type',
    message: `Invalid value: '${String(type)}'. This stand-in does not implement this client event.`,
  }),
  unsupportedFormat: (format: string): RealtimeError => ({
    type: 'invalid_request_error',
    code: 'standin_unsupported_format',
    param: 'session.audio.output.format',
    message: `The stand-in only streams audio/pcmu (the real service would send ${format} here, which Twilio cannot play).`,
  }),
};
