/**
 * What happens during a phone call, as one tagged union, and what the turn machine asks the
 * relay to do about it. Codecs turn wire frames into `CallEvent`s; the relay executes
 * `TurnCommand`s against the pacer and the upstream socket. Nothing here does I/O.
 */

/** μ-law at 8 kHz: one byte per sample, 8 bytes per millisecond of audio. */
export const ULAW_BYTES_PER_MS = 8;

// ---- From Twilio (Media Streams) ----

export interface TwilioConnected {
  type: 'twilio_connected';
}

export interface CallStart {
  type: 'start';
  streamSid: string;
  callSid: string;
  accountSid: string;
  tracks: readonly string[];
  /** The TwiML `<Parameter name value>` pairs; only string values are kept. */
  customParameters: Readonly<Record<string, string>>;
}

/** One inbound caller frame (normally 20 ms = 160 bytes). */
export interface CallerAudio {
  type: 'caller_audio';
  /** Strictly validated base64 μ-law, relayed upstream untouched. */
  payload: string;
  /** Milliseconds since the stream began, per Twilio. */
  timestampMs: number;
}

/** Twilio echoed a mark: the audio queued before it has played, or `clear` dropped it. */
export interface MarkEcho {
  type: 'mark';
  name: string;
}

export interface Dtmf {
  type: 'dtmf';
  digit: string;
}

export interface CallStop {
  type: 'stop';
}

export type TwilioEvent = TwilioConnected | CallStart | CallerAudio | MarkEcho | Dtmf | CallStop;

// ---- From the OpenAI Realtime session ----

export interface SessionCreated {
  type: 'session_created';
}

export interface SessionUpdated {
  type: 'session_updated';
}

export interface ResponseCreated {
  type: 'response_created';
  responseId: string;
}

export interface ResponseDone {
  type: 'response_done';
  responseId: string;
  /** `completed`, `cancelled`, `failed`, `incomplete` (or `unknown` when absent). */
  status: string;
}

export interface OutputItemAdded {
  type: 'output_item_added';
  responseId: string;
  itemId: string;
  /** `message` items carry audio; `function_call` items do not. */
  itemType: string;
}

/** A chunk of assistant speech. Upstream sends these faster than real time. */
export interface AssistantAudio {
  type: 'assistant_audio';
  responseId: string;
  itemId: string;
  /** Strictly validated base64 μ-law, decoded by the pacer straight into its ring. */
  audioBase64: string;
  /** Decoded length in bytes (exact, because the base64 was validated). */
  byteLength: number;
}

export interface AssistantAudioDone {
  type: 'assistant_audio_done';
  responseId: string;
  itemId: string;
}

export interface AssistantTranscriptDelta {
  type: 'assistant_transcript_delta';
  responseId: string;
  itemId: string;
  delta: string;
}

export interface AssistantTranscriptDone {
  type: 'assistant_transcript_done';
  responseId: string;
  itemId: string;
  transcript: string;
}

/** Transcription of what the caller said (asynchronous, guidance only). */
export interface CallerTranscript {
  type: 'caller_transcript';
  itemId: string;
  transcript: string;
}

export interface UpstreamSpeechStarted {
  type: 'upstream_speech_started';
  itemId: string;
  audioStartMs: number;
}

/** Upstream committed the caller's audio as a user item (the end of a caller turn). */
export interface UpstreamCommitted {
  type: 'upstream_committed';
  itemId: string;
}

export interface UpstreamSpeechStopped {
  type: 'upstream_speech_stopped';
  itemId: string;
  audioEndMs: number;
}

export interface FunctionCall {
  type: 'function_call';
  responseId: string;
  itemId: string;
  callId: string;
  name: string;
  /** JSON text as produced by the model: parse and validate before use. */
  arguments: string;
}

export interface UpstreamError {
  type: 'upstream_error';
  code: string | null;
  errorType: string;
  message: string;
  /** The client event that caused it, when upstream says so. */
  clientEventId: string | null;
}

export type UpstreamEvent =
  | SessionCreated
  | SessionUpdated
  | ResponseCreated
  | ResponseDone
  | OutputItemAdded
  | AssistantAudio
  | AssistantAudioDone
  | AssistantTranscriptDelta
  | AssistantTranscriptDone
  | CallerTranscript
  | UpstreamSpeechStarted
  | UpstreamSpeechStopped
  | UpstreamCommitted
  | FunctionCall
  | UpstreamError;

// ---- From the local VAD (server/calls/audio) and the clock ----

/** The VAD heard an onset: maybe speech, maybe a cough. Playback pauses, nothing is dropped. */
export interface LocalSpeechStart {
  type: 'local_speech_start';
}
/** The onset lasted long enough to be speech: this is a barge-in. */
export interface LocalSpeechConfirmed {
  type: 'local_speech_confirmed';
}
/** The caller fell silent (after a confirmation, or after a blip that never got one). */
export interface LocalSpeechEnd {
  type: 'local_speech_end';
  /** The sound had voice in it (a short word, maybe the first of several), not a cough or a click. */
  voiced?: boolean;
}
/** Time passes; lets the machine close a verdict window the VAD never resolved. */
export interface Tick {
  type: 'tick';
}

/** The pacer sent bytes `[end - bytes, end)` of the current generation, to play from `playsAt`. */
export interface PlaybackSent {
  type: 'playback_sent';
  end: number;
  bytes: number;
  playsAt: number;
}

/**
 * The caller's words, judged from upstream's transcription after the verdict window (a lone
 * "לא" sounds like a "כן"): `barge_in` interrupts the assistant if it is still audible.
 */
export interface CallerWords {
  type: 'caller_words';
  verdict: 'barge_in' | 'backchannel';
}

export type LocalEvent =
  | LocalSpeechStart
  | LocalSpeechConfirmed
  | LocalSpeechEnd
  | Tick
  | PlaybackSent
  | CallerWords;

export type CallEvent = TwilioEvent | UpstreamEvent | LocalEvent;

// ---- What the turn machine asks for ----
// Media frames and marks are not commands: the pacer sends them on its own clock.

/** Relay a caller frame upstream (`input_audio_buffer.append`), base64 untouched. */
export interface UpstreamAppendAudio {
  type: 'upstream_append_audio';
  audioBase64: string;
}

/** Queue assistant audio for paced playback: `pacer.enqueueBase64(audioBase64, byteLength)`. */
export interface PlaybackEnqueue {
  type: 'playback_enqueue';
  itemId: string;
  audioBase64: string;
  byteLength: number;
}

/** Stop sending new frames at once, keeping the queue: `pacer.pause()`. */
export interface PlaybackPause {
  type: 'playback_pause';
}

/**
 * Soft barge-in: Twilio `clear`, and the pacer rewinds to `offset` (the byte the caller heard)
 * keeping everything after it, paused, with marks in `generation`: `pacer.rewind(...)`.
 */
export interface PlaybackRewind {
  type: 'playback_rewind';
  generation: number;
  offset: number;
}

/** Continue after a pause: `pacer.resume()`. */
export interface PlaybackResume {
  type: 'playback_resume';
}

/**
 * Drop everything queued here and buffered at Twilio, send Twilio `clear`, and start mark
 * generation `generation`: `pacer.clear(generation)`. Ends any pause.
 */
export interface TwilioClear {
  type: 'twilio_clear';
  generation: number;
}

/** `response.cancel` for this response; only emitted while it is in progress. */
export interface UpstreamCancel {
  type: 'upstream_cancel';
  responseId: string;
}

/** `conversation.item.truncate`; `audioEndMs` is in [1, ms of this item queued for playback]. */
export interface UpstreamTruncate {
  type: 'upstream_truncate';
  itemId: string;
  audioEndMs: number;
}

/** `conversation.item.delete`, for an assistant item the caller heard nothing of. */
export interface UpstreamDeleteItem {
  type: 'upstream_delete_item';
  itemId: string;
}

export type TurnCommand =
  | UpstreamAppendAudio
  | PlaybackEnqueue
  | PlaybackPause
  | PlaybackRewind
  | PlaybackResume
  | TwilioClear
  | UpstreamCancel
  | UpstreamTruncate
  | UpstreamDeleteItem;
