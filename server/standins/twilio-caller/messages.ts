/**
 * Twilio Media Streams wire messages, as Twilio writes them: counters and timestamps are
 * decimal strings, every message but `connected` carries `streamSid`.
 */
export interface MediaFormat {
  encoding: 'audio/x-mulaw';
  sampleRate: 8000;
  channels: 1;
}

export type TwilioToApp =
  | { event: 'connected'; protocol: 'Call'; version: '1.0.0' }
  | {
      event: 'start';
      sequenceNumber: string;
      streamSid: string;
      start: {
        accountSid: string;
        streamSid: string;
        callSid: string;
        tracks: ['inbound'];
        customParameters: Record<string, string>;
        mediaFormat: MediaFormat;
      };
    }
  | {
      event: 'media';
      sequenceNumber: string;
      streamSid: string;
      media: { track: 'inbound'; chunk: string; timestamp: string; payload: string };
    }
  | {
      event: 'dtmf';
      sequenceNumber: string;
      streamSid: string;
      dtmf: { track: 'inbound_track'; digit: string };
    }
  | { event: 'mark'; sequenceNumber: string; streamSid: string; mark: { name: string } }
  | {
      event: 'stop';
      sequenceNumber: string;
      streamSid: string;
      stop: { accountSid: string; callSid: string };
    };

export type AppToTwilio =
  | { event: 'media'; streamSid: string; media: { payload: string } }
  | { event: 'mark'; streamSid: string; mark: { name: string } }
  | { event: 'clear'; streamSid: string };

export const MULAW_8K: MediaFormat = { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 };

/**
 * Checks a message from the app against what Twilio accepts; returns a reason when Twilio
 * would ignore or reject it (kept in the caller's report so tests can fail on it).
 */
export function checkAppMessage(
  raw: unknown,
  streamSid: string,
): { ok: true; message: AppToTwilio } | { ok: false; reason: string } {
  if (typeof raw !== 'object' || raw === null) return { ok: false, reason: 'not a JSON object' };
  const m = raw as Record<string, unknown>;
  if (m.streamSid !== streamSid)
    return { ok: false, reason: `${String(m.event)} with streamSid ${String(m.streamSid)}` };
  switch (m.event) {
    case 'media': {
      const payload = (m.media as { payload?: unknown } | undefined)?.payload;
      if (typeof payload !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(payload))
        return { ok: false, reason: 'media without a base64 payload' };
      return { ok: true, message: m as AppToTwilio };
    }
    case 'mark': {
      const name = (m.mark as { name?: unknown } | undefined)?.name;
      if (typeof name !== 'string' || name === '') return { ok: false, reason: 'mark without a name' };
      return { ok: true, message: m as AppToTwilio };
    }
    case 'clear':
      return { ok: true, message: m as AppToTwilio };
    default:
      return { ok: false, reason: `unknown event ${String(m.event)}` };
  }
}
