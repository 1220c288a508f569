/**
 * OpenAI Realtime (GA) wire format: server messages become `UpstreamEvent`s (unknown types are
 * reported as `ignored` so the caller can count them), and client events are built here,
 * typed with the `openai` package's own event types.
 */
import type { RealtimeFunctionTool } from 'openai/resources/realtime/realtime';
import type {
  TurnCommand,
  UpstreamAppendAudio,
  UpstreamCancel,
  UpstreamDeleteItem,
  UpstreamEvent,
  UpstreamTruncate,
} from './events.ts';
import {
  BENIGN_ERROR_CODES,
  CLIENT_EVENT,
  type ConversationItemCreateEvent,
  type ConversationItemDeleteEvent,
  type ConversationItemTruncateEvent,
  type InputAudioBufferAppendEvent,
  type RealtimeClientEvent,
  type ResponseCancelEvent,
  type ResponseCreateEvent,
  SERVER_EVENT,
  type SessionUpdateEvent,
} from './realtime-events.ts';
import { base64ByteLength, isStrictBase64 } from './wire-base64.ts';

export type RealtimeRejectReason =
  | 'binary_frame'
  | 'bad_json'
  | 'not_an_object'
  | 'missing_field'
  | 'bad_base64';

export type RealtimeParseResult =
  | { kind: 'event'; event: UpstreamEvent }
  /** A well-formed server event the relay has no use for (rate limits, item lifecycle...). */
  | { kind: 'ignored'; type: string }
  | { kind: 'rejected'; reason: RealtimeRejectReason; detail: string };

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function s(o: Obj, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' ? v : undefined;
}

function missing(field: string): RealtimeParseResult {
  return { kind: 'rejected', reason: 'missing_field', detail: field };
}

function ok(event: UpstreamEvent): RealtimeParseResult {
  return { kind: 'event', event };
}

/** Parses one upstream message. Never throws; linear in the message size. */
export function parseRealtimeMessage(message: string | ArrayBufferView | ArrayBuffer): RealtimeParseResult {
  if (typeof message !== 'string') return { kind: 'rejected', reason: 'binary_frame', detail: '' };
  let raw: unknown;
  try {
    raw = JSON.parse(message);
  } catch {
    return { kind: 'rejected', reason: 'bad_json', detail: 'not JSON' };
  }
  if (!isObj(raw)) return { kind: 'rejected', reason: 'not_an_object', detail: typeof raw };
  const type = s(raw, 'type');
  if (type === undefined) return missing('type');
  const responseId = s(raw, 'response_id');
  const itemId = s(raw, 'item_id');
  switch (type) {
    case SERVER_EVENT.outputAudioDelta: {
      const delta = s(raw, 'delta');
      if (responseId === undefined || itemId === undefined || delta === undefined) {
        return missing('response_id/item_id/delta');
      }
      if (!isStrictBase64(delta)) return { kind: 'rejected', reason: 'bad_base64', detail: 'delta' };
      const byteLength = base64ByteLength(delta);
      return ok({ type: 'assistant_audio', responseId, itemId, audioBase64: delta, byteLength });
    }
    case SERVER_EVENT.outputAudioDone:
      if (responseId === undefined || itemId === undefined) return missing('response_id/item_id');
      return ok({ type: 'assistant_audio_done', responseId, itemId });
    case SERVER_EVENT.responseCreated:
    case SERVER_EVENT.responseDone: {
      const response = raw.response;
      const id = isObj(response) ? s(response, 'id') : undefined;
      if (id === undefined || !isObj(response)) return missing('response.id');
      if (type === SERVER_EVENT.responseCreated) return ok({ type: 'response_created', responseId: id });
      return ok({ type: 'response_done', responseId: id, status: s(response, 'status') ?? 'unknown' });
    }
    case SERVER_EVENT.outputItemAdded: {
      const item = raw.item;
      const id = isObj(item) ? s(item, 'id') : undefined;
      if (responseId === undefined || id === undefined || !isObj(item)) return missing('response_id/item.id');
      return ok({
        type: 'output_item_added',
        responseId,
        itemId: id,
        itemType: s(item, 'type') ?? 'unknown',
      });
    }
    case SERVER_EVENT.speechStarted:
      return ok({
        type: 'upstream_speech_started',
        itemId: itemId ?? '',
        audioStartMs: num(raw, 'audio_start_ms'),
      });
    case SERVER_EVENT.speechStopped:
      return ok({
        type: 'upstream_speech_stopped',
        itemId: itemId ?? '',
        audioEndMs: num(raw, 'audio_end_ms'),
      });
    case SERVER_EVENT.inputCommitted:
      if (itemId === undefined) return missing('item_id');
      return ok({ type: 'upstream_committed', itemId });
    case SERVER_EVENT.outputTranscriptDelta:
      if (responseId === undefined || itemId === undefined) return missing('response_id/item_id');
      return ok({ type: 'assistant_transcript_delta', responseId, itemId, delta: s(raw, 'delta') ?? '' });
    case SERVER_EVENT.outputTranscriptDone:
      if (responseId === undefined || itemId === undefined) return missing('response_id/item_id');
      return ok({
        type: 'assistant_transcript_done',
        responseId,
        itemId,
        transcript: s(raw, 'transcript') ?? '',
      });
    case SERVER_EVENT.inputTranscriptionCompleted:
      if (itemId === undefined) return missing('item_id');
      return ok({ type: 'caller_transcript', itemId, transcript: s(raw, 'transcript') ?? '' });
    case SERVER_EVENT.functionCallArgumentsDone: {
      const callId = s(raw, 'call_id');
      const name = s(raw, 'name');
      if (responseId === undefined || itemId === undefined || callId === undefined || name === undefined) {
        return missing('response_id/item_id/call_id/name');
      }
      return ok({
        type: 'function_call',
        responseId,
        itemId,
        callId,
        name,
        arguments: s(raw, 'arguments') ?? '',
      });
    }
    case SERVER_EVENT.error: {
      const e = isObj(raw.error) ? raw.error : {};
      return ok({
        type: 'upstream_error',
        code: s(e, 'code') ?? null,
        errorType: s(e, 'type') ?? 'unknown',
        message: s(e, 'message') ?? '',
        clientEventId: s(e, 'event_id') ?? null,
      });
    }
    case SERVER_EVENT.sessionCreated:
      return ok({ type: 'session_created' });
    case SERVER_EVENT.sessionUpdated:
      return ok({ type: 'session_updated' });
    default:
      return { kind: 'ignored', type: type.slice(0, 80) };
  }
}

function num(o: Obj, key: string): number {
  const v = o[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** Expected races (see `BENIGN_ERROR_CODES`): log quietly, keep the call. */
export function isBenignUpstreamError(code: string | null): boolean {
  return code !== null && BENIGN_ERROR_CODES.has(code);
}

// ---- Client events ----

export interface SessionConfig {
  instructions: string;
  voice: string;
  tools?: readonly RealtimeFunctionTool[];
  /** Server VAD tuning; upstream defaults apply to what is left out. */
  vad?: { threshold?: number; prefixPaddingMs?: number; silenceDurationMs?: number };
  /** Caller transcription; language defaults to Hebrew. */
  transcription?: { model?: string; language?: string; prompt?: string };
  /** Upstream input noise reduction (`near_field` suits a handset); off when omitted. */
  noiseReduction?: 'near_field' | 'far_field';
}

export const DEFAULT_TRANSCRIPTION_MODEL = 'gpt-4o-transcribe';

/**
 * `session.update` for a phone call: μ-law (`audio/pcmu`) both ways so Twilio's payloads pass
 * untouched, audio-only output, and server VAD that creates responses but never interrupts
 * them: barge-in is ours (local VAD, Twilio `clear`, truncation at the audio actually heard).
 * Nor does it create responses: a "כן" said over the assistant is committed like any turn,
 * and the relay decides which turns the model answers (caller-turns.ts), each through the one
 * response gate (model-turns.ts), so no response.create ever races a server-created one.
 */
export function sessionUpdate(config: SessionConfig): SessionUpdateEvent {
  const vad = config.vad ?? {};
  const tr = config.transcription ?? {};
  const tools = config.tools ?? [];
  return {
    type: CLIENT_EVENT.sessionUpdate,
    session: {
      type: 'realtime',
      instructions: config.instructions,
      output_modalities: ['audio'],
      audio: {
        input: {
          format: { type: 'audio/pcmu' },
          transcription: {
            model: tr.model ?? DEFAULT_TRANSCRIPTION_MODEL,
            language: tr.language ?? 'he',
            ...(tr.prompt === undefined ? {} : { prompt: tr.prompt }),
          },
          turn_detection: {
            type: 'server_vad',
            create_response: false,
            interrupt_response: false,
            ...(vad.threshold === undefined ? {} : { threshold: vad.threshold }),
            ...(vad.prefixPaddingMs === undefined ? {} : { prefix_padding_ms: vad.prefixPaddingMs }),
            ...(vad.silenceDurationMs === undefined ? {} : { silence_duration_ms: vad.silenceDurationMs }),
          },
          ...(config.noiseReduction === undefined
            ? {}
            : { noise_reduction: { type: config.noiseReduction } }),
        },
        output: { format: { type: 'audio/pcmu' }, voice: config.voice },
      },
      ...(tools.length === 0 ? {} : { tools: [...tools], tool_choice: 'auto' as const }),
    },
  };
}

export function appendAudio(audioBase64: string): InputAudioBufferAppendEvent {
  return { type: CLIENT_EVENT.appendAudio, audio: audioBase64 };
}

/**
 * The same frame as `JSON.stringify(appendAudio(b64))` without building the object: this
 * runs 50 times a second per call. `audioBase64` must be valid base64 (spliced unescaped).
 */
export function encodeAppendAudio(audioBase64: string): string {
  return `{"type":"input_audio_buffer.append","audio":"${audioBase64}"}`;
}

/** `audioEndMs` must not exceed the item's audio (upstream errors) and should be ≥ 1. */
export function truncateItem(itemId: string, audioEndMs: number): ConversationItemTruncateEvent {
  return { type: CLIENT_EVENT.itemTruncate, item_id: itemId, content_index: 0, audio_end_ms: audioEndMs };
}

export function deleteItem(itemId: string): ConversationItemDeleteEvent {
  return { type: CLIENT_EVENT.itemDelete, item_id: itemId };
}

/** With an id, cancels only that response (never a newer one that raced it). */
export function cancelResponse(responseId?: string): ResponseCancelEvent {
  return responseId === undefined
    ? { type: CLIENT_EVENT.responseCancel }
    : { type: CLIENT_EVENT.responseCancel, response_id: responseId };
}

export function responseCreate(instructions?: string): ResponseCreateEvent {
  return instructions === undefined
    ? { type: CLIENT_EVENT.responseCreate }
    : { type: CLIENT_EVENT.responseCreate, response: { instructions } };
}

/** The result of a tool call; follow it with `responseCreate()` so the model speaks. */
export function functionCallOutput(callId: string, output: string): ConversationItemCreateEvent {
  return { type: CLIENT_EVENT.itemCreate, item: { type: 'function_call_output', call_id: callId, output } };
}

/** A line said or keyed by the caller, as text (DTMF digits, re-injected history). */
export function userText(text: string): ConversationItemCreateEvent {
  return {
    type: CLIENT_EVENT.itemCreate,
    item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
  };
}

/** Something the assistant said earlier, as text (re-injected after a new session). */
export function assistantText(text: string): ConversationItemCreateEvent {
  return {
    type: CLIENT_EVENT.itemCreate,
    item: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] },
  };
}

/** A fact for the model that nobody said (a tool's result carried over to a new session). */
export function systemText(text: string): ConversationItemCreateEvent {
  return {
    type: CLIENT_EVENT.itemCreate,
    item: { type: 'message', role: 'system', content: [{ type: 'input_text', text }] },
  };
}

export function encodeClientEvent(event: RealtimeClientEvent): string {
  return JSON.stringify(event);
}

export type UpstreamCommand = UpstreamAppendAudio | UpstreamCancel | UpstreamTruncate | UpstreamDeleteItem;

export function isUpstreamCommand(command: TurnCommand): command is UpstreamCommand {
  return command.type.startsWith('upstream_');
}

/** The wire frame for a turn-machine command addressed upstream. */
export function encodeUpstreamCommand(command: UpstreamCommand): string {
  switch (command.type) {
    case 'upstream_append_audio':
      return encodeAppendAudio(command.audioBase64);
    case 'upstream_cancel':
      return encodeClientEvent(cancelResponse(command.responseId));
    case 'upstream_truncate':
      return encodeClientEvent(truncateItem(command.itemId, command.audioEndMs));
    case 'upstream_delete_item':
      return encodeClientEvent(deleteItem(command.itemId));
  }
}

/**
 * The `session.update` frame for a session object, encoded once however many calls share the
 * object (a business's kept prelude): its instructions make it kilobytes, and every call's
 * link holds its first frames for a replacement session.
 */
const sessionFrames = new WeakMap<SessionConfig, { vad: unknown; frame: string }>();

export function sessionUpdateFrame(session: SessionConfig, vad: SessionConfig['vad']): string {
  const kept = sessionFrames.get(session);
  if (kept && kept.vad === vad) return kept.frame;
  const frame = encodeClientEvent(sessionUpdate({ ...session, vad }));
  sessionFrames.set(session, { vad, frame });
  return frame;
}
