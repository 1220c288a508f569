/**
 * Twilio Media Streams wire format: inbound JSON text frames become `TwilioEvent`s or a typed
 * rejection (never an exception), and outbound `media`/`mark`/`clear` frames are encoded here.
 */
import type { TwilioEvent } from './events.ts';
import { isStrictBase64 } from './wire-base64.ts';

export { base64ByteLength, isStrictBase64 } from './wire-base64.ts';

export type TwilioRejectReason =
  | 'binary_frame'
  | 'bad_json'
  | 'not_an_object'
  | 'unknown_event'
  | 'missing_field'
  | 'bad_base64'
  | 'unsupported_media_format';

export type TwilioParseResult =
  | { ok: true; event: TwilioEvent }
  | { ok: false; reason: TwilioRejectReason; detail: string };

/** The only inbound format the relay can pass upstream as `audio/pcmu` untouched. */
export const EXPECTED_MEDIA_FORMAT = { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 } as const;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function reject(reason: TwilioRejectReason, detail: string): TwilioParseResult {
  return { ok: false, reason, detail };
}

function str(o: Obj, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** Twilio sends `timestamp` and `chunk` as decimal strings; accept numbers too. */
function num(o: Obj, key: string): number | undefined {
  const v = o[key];
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.length > 0 ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Parses one WebSocket message from Twilio. Never throws. Cost is linear in the message
 * size (one `JSON.parse`, one pass over a media payload); size limits are the caller's.
 */
export function parseTwilioMessage(message: string | ArrayBufferView | ArrayBuffer): TwilioParseResult {
  if (typeof message !== 'string') return reject('binary_frame', 'Twilio sends text frames only');
  let raw: unknown;
  try {
    raw = JSON.parse(message);
  } catch {
    return reject('bad_json', 'not JSON');
  }
  if (!isObj(raw)) return reject('not_an_object', typeof raw);
  switch (raw.event) {
    case 'media':
      return parseMedia(raw);
    case 'mark': {
      const mark = raw.mark;
      const name = isObj(mark) ? str(mark, 'name') : undefined;
      return name === undefined
        ? reject('missing_field', 'mark.name')
        : { ok: true, event: { type: 'mark', name } };
    }
    case 'start':
      return parseStart(raw);
    case 'dtmf': {
      const dtmf = raw.dtmf;
      const digit = isObj(dtmf) ? str(dtmf, 'digit') : undefined;
      return digit === undefined
        ? reject('missing_field', 'dtmf.digit')
        : { ok: true, event: { type: 'dtmf', digit } };
    }
    case 'stop':
      return { ok: true, event: { type: 'stop' } };
    case 'connected':
      return { ok: true, event: { type: 'twilio_connected' } };
    default:
      return reject(
        'unknown_event',
        typeof raw.event === 'string' ? raw.event.slice(0, 40) : 'no event field',
      );
  }
}

function parseMedia(raw: Obj): TwilioParseResult {
  const media = raw.media;
  if (!isObj(media)) return reject('missing_field', 'media');
  const payload = str(media, 'payload');
  if (payload === undefined) return reject('missing_field', 'media.payload');
  if (!isStrictBase64(payload)) return reject('bad_base64', 'media.payload');
  const timestampMs = num(media, 'timestamp');
  if (timestampMs === undefined) return reject('missing_field', 'media.timestamp');
  return { ok: true, event: { type: 'caller_audio', payload, timestampMs } };
}

function parseStart(raw: Obj): TwilioParseResult {
  const start = raw.start;
  if (!isObj(start)) return reject('missing_field', 'start');
  const streamSid = str(start, 'streamSid') ?? str(raw, 'streamSid');
  if (streamSid === undefined) return reject('missing_field', 'start.streamSid');
  const callSid = str(start, 'callSid');
  if (callSid === undefined) return reject('missing_field', 'start.callSid');
  const accountSid = str(start, 'accountSid');
  if (accountSid === undefined) return reject('missing_field', 'start.accountSid');
  const format = start.mediaFormat;
  if (!isObj(format)) return reject('missing_field', 'start.mediaFormat');
  if (
    format.encoding !== EXPECTED_MEDIA_FORMAT.encoding ||
    num(format, 'sampleRate') !== EXPECTED_MEDIA_FORMAT.sampleRate ||
    num(format, 'channels') !== EXPECTED_MEDIA_FORMAT.channels
  ) {
    return reject(
      'unsupported_media_format',
      `${String(format.encoding)}/${String(format.sampleRate)}/${String(format.channels)}`,
    );
  }
  const tracks = Array.isArray(start.tracks)
    ? start.tracks.filter((t): t is string => typeof t === 'string')
    : [];
  const customParameters: Record<string, string> = {};
  if (isObj(start.customParameters)) {
    for (const [k, v] of Object.entries(start.customParameters))
      if (typeof v === 'string') customParameters[k] = v;
  }
  return { ok: true, event: { type: 'start', streamSid, callSid, accountSid, tracks, customParameters } };
}

/** Outbound frames for one stream. The media frame is built by concatenation (hot path). */
export interface TwilioEncoder {
  /** `payload` must be valid base64 (it is spliced into the JSON unescaped). */
  media(payload: string): string;
  mark(name: string): string;
  clear(): string;
}

export function createTwilioEncoder(streamSid: string): TwilioEncoder {
  const sid = JSON.stringify(streamSid);
  const mediaPrefix = `{"event":"media","streamSid":${sid},"media":{"payload":"`;
  const clearFrame = `{"event":"clear","streamSid":${sid}}`;
  return {
    media: (payload) => `${mediaPrefix}${payload}"}}`,
    mark: (name) => `{"event":"mark","streamSid":${sid},"mark":{"name":${JSON.stringify(name)}}}`,
    clear: () => clearFrame,
  };
}

// ---- Playback mark names ----
// A mark confirms that the first `offset` bytes of assistant audio sent in `generation` have
// played. The generation is bumped on every clear, so the marks Twilio echoes on `clear` (for
// audio that never played) can be told apart from the new generation's.

export interface PlaybackMark {
  generation: number;
  offset: number;
}

export function formatPlaybackMark(generation: number, offset: number): string {
  return `p${generation}.${offset}`;
}

/** Parses `p<generation>.<offset>`; anything else (someone else's mark) is `null`. */
export function parsePlaybackMark(name: string): PlaybackMark | null {
  if (name.length < 4 || name.length > 32 || name.charCodeAt(0) !== 112 /* p */) return null;
  let generation = 0;
  let offset = 0;
  let i = 1;
  let digits = 0;
  for (; i < name.length; i++) {
    const c = name.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    generation = generation * 10 + c;
    digits++;
  }
  if (digits === 0 || name.charCodeAt(i) !== 46 /* . */) return null;
  digits = 0;
  for (i++; i < name.length; i++) {
    const c = name.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
    offset = offset * 10 + c;
    digits++;
  }
  return digits === 0 ? null : { generation, offset };
}
