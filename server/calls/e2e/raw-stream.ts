/**
 * A bare Twilio media-stream client for the tests that must send what the caller stand-in
 * never would (forged signatures, oversized or malformed frames, no `start`).
 */
import { BunWebSocket } from '../../lib/bun-websocket.ts';
import { parseTwiml, signUpgrade, signWebhook, toLocalWsUrl } from '../../standins/twilio-caller/index.ts';
import { AUTH_TOKEN, PUBLIC_BASE_URL } from './phone-server.ts';

export interface Dialled {
  callSid: string;
  streamUrl: string;
  parameters: Record<string, string>;
}

/** Posts a signed voice webhook for `to` and returns the stream TwiML's URL and parameters. */
export async function dial(
  baseUrl: string,
  to: string,
  callSid = `CA${crypto.randomUUID().replaceAll('-', '')}`,
) {
  const params = { CallSid: callSid, AccountSid: 'AC1', From: '+972501234567', To: to, Direction: 'inbound' };
  const res = await fetch(`${baseUrl}/twilio/voice`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': signWebhook(AUTH_TOKEN, `${PUBLIC_BASE_URL}/twilio/voice`, params),
    },
    body: new URLSearchParams(params).toString(),
  });
  const twiml = parseTwiml(await res.text());
  if (twiml.kind !== 'stream') throw new Error('the call was not connected to a stream');
  return { callSid, streamUrl: twiml.stream.url, parameters: twiml.stream.parameters } satisfies Dialled;
}

export interface RawStream {
  ws: WebSocket;
  received: string[];
  closed: Promise<{ code: number; reason: string }>;
  send(message: unknown): void;
  start(d: Dialled, overrides?: Record<string, unknown>): void;
  media(payload: string, timestamp?: number): void;
}

/**
 * Opens the stream at the dialled call's URL (its token in the path) with Twilio's signature
 * over it (or `signature` as given, null for none). `url` may be any public stream URL.
 */
export async function openStream(
  baseUrl: string,
  dialled: Dialled | { streamUrl: string },
  signature?: string | null,
): Promise<RawStream> {
  const publicUrl = dialled.streamUrl;
  const sig = signature === undefined ? signUpgrade(AUTH_TOKEN, publicUrl) : signature;
  const ws = new BunWebSocket(toLocalWsUrl(publicUrl, baseUrl.replace(/^http/, 'ws')), {
    headers: sig === null ? {} : { 'X-Twilio-Signature': sig },
  });
  const received: string[] = [];
  ws.addEventListener('message', (e) => received.push(String(e.data)));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.addEventListener('close', (e) => resolve({ code: e.code, reason: e.reason })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve(), { once: true });
    ws.addEventListener('error', () => reject(new Error('stream upgrade refused')), { once: true });
  });
  const streamSid = `MZ${crypto.randomUUID().replaceAll('-', '')}`;
  const send = (m: unknown) => ws.send(typeof m === 'string' ? m : JSON.stringify(m));
  return {
    ws,
    received,
    closed,
    send,
    start(d, overrides = {}) {
      send({ event: 'connected', protocol: 'Call', version: '1.0.0' });
      send({
        event: 'start',
        sequenceNumber: '1',
        streamSid,
        start: {
          accountSid: 'AC1',
          streamSid,
          callSid: d.callSid,
          tracks: ['inbound'],
          customParameters: d.parameters,
          mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
          ...overrides,
        },
      });
    },
    media(payload, timestamp = 0) {
      send({
        event: 'media',
        streamSid,
        media: { track: 'inbound', chunk: '1', timestamp: String(timestamp), payload },
      });
    },
  };
}

/** 20 ms of μ-law silence, base64. */
export const SILENT_FRAME = Buffer.alloc(160, 0xff).toString('base64');
