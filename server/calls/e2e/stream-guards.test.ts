import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { callTokens } from '../../../db/schema';
import type { Database } from '../../db/database';
import {
  runTwilioCaller,
  signUpgrade,
  signWebhook,
  toLocalWsUrl,
  waitUntil,
} from '../../standins/twilio-caller/index.ts';
import { createTestDatabase, HOOK_TIMEOUT_MS } from '../../test/database';
import { rejected } from '../../test/settle';
import {
  ACTIVE_NUMBER,
  AUTH_TOKEN,
  type PhoneServer,
  PUBLIC_BASE_URL,
  SUSPENDED_NUMBER,
  seedPhoneBusinesses,
  shortScript,
  startPhoneServer,
} from './phone-server.ts';
import { dial, openStream, SILENT_FRAME } from './raw-stream.ts';

let db: Database;
let ids: { active: string; suspended: string };
let server: PhoneServer | null = null;

beforeAll(async () => {
  db = await createTestDatabase();
  ids = await seedPhoneBusinesses(db);
}, HOOK_TIMEOUT_MS);
afterAll(() => db.close());
afterEach(async () => {
  await server?.stop();
  server = null;
});

function postVoice(baseUrl: string, params: Record<string, string>, signature: string | null) {
  return fetch(`${baseUrl}/twilio/voice`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: 'https://evil.example', // would trip csrf(), which must not guard this route
      ...(signature === null ? {} : { 'X-Twilio-Signature': signature }),
    },
    body: new URLSearchParams(params).toString(),
  });
}

const newSid = () => `CA${crypto.randomUUID().replaceAll('-', '')}`;
const voiceParams = (to: string, CallSid = newSid()) => ({
  CallSid,
  AccountSid: 'AC1',
  From: '+972501234567',
  To: to,
});
/** Call tokens written for this CallSid (the rows another process would redeem). */
const tokenRows = async (callSid: string) =>
  (await db.withSystem((tx) => tx.select().from(callTokens).where(eq(callTokens.callSid, callSid)))).length;
const signed = (params: Record<string, string>) =>
  signWebhook(AUTH_TOKEN, `${PUBLIC_BASE_URL}/twilio/voice`, params);

describe('the voice webhook', () => {
  test('refuses a forged or missing signature with 403 and issues no call token', async () => {
    server = await startPhoneServer(db);
    const params = voiceParams(ACTIVE_NUMBER);
    const forged = signWebhook('not-the-token', `${PUBLIC_BASE_URL}/twilio/voice`, params);
    for (const signature of [forged, null, signed({ ...params, To: SUSPENDED_NUMBER })]) {
      const res = await postVoice(server.url, params, signature);
      expect(res.status).toBe(403);
    }
    expect(await tokenRows(params.CallSid)).toBe(0);
  });

  test('connects a known number to the stream at a URL whose path carries a one-time token', async () => {
    server = await startPhoneServer(db);
    const params = { ...voiceParams('035550111'), To: '+972-3-555-0111' };
    const res = await postVoice(server.url, params, signed(params));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/xml');
    const body = await res.text();
    // No query string (Twilio refuses one on a Stream URL, error 31922): the token is a path segment.
    expect(body).toMatch(
      new RegExp(
        `^<\\?xml[^>]*\\?><Response><Connect><Stream url="wss://calls\\.example\\.test/ws/twilio/${params.CallSid}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"><Parameter name="businessId" value="${ids.active}"/></Stream></Connect></Response>$`,
      ),
    );
    expect(await tokenRows(params.CallSid)).toBe(1);
  });

  test('a webhook repeated while the call rings gets the same stream URL; replayed once it is live, it is refused', async () => {
    server = await startPhoneServer(db);
    const callSid = newSid();
    const first = await dial(server.url, ACTIVE_NUMBER, callSid);
    const repeated = await dial(server.url, ACTIVE_NUMBER, callSid);
    expect(repeated.streamUrl).toBe(first.streamUrl);
    const stream = await openStream(server.url, first);
    stream.start(first);
    await waitUntil(() => server?.phone.stream.calls.sessions()[0]?.state === 'live', 'the call is live');
    const params = voiceParams(ACTIVE_NUMBER, callSid);
    const replay = await postVoice(server.url, params, signed(params));
    expect(await replay.text()).toContain('<Response><Reject/></Response>');
    expect(server.standin.sessions).toHaveLength(1);
    expect(stream.ws.readyState).toBe(WebSocket.OPEN);
    expect(await tokenRows(callSid)).toBe(1);
  });

  test('rejects calls to unknown numbers and to suspended businesses', async () => {
    server = await startPhoneServer(db);
    for (const to of ['+97235550199', SUSPENDED_NUMBER, 'not a number']) {
      const params = voiceParams(to);
      const res = await postVoice(server.url, params, signed(params));
      expect(await res.text()).toContain('<Response><Reject/></Response>');
      expect(await tokenRows(params.CallSid)).toBe(0);
    }
  });
});

describe('the media stream', () => {
  test('refuses an upgrade with a forged or missing signature, or one signed for another call', async () => {
    server = await startPhoneServer(db);
    const d = await dial(server.url, ACTIVE_NUMBER);
    const other = await dial(server.url, ACTIVE_NUMBER);
    expect(await rejected(openStream(server.url, d, 'forged'))).toThrow('refused');
    expect(await rejected(openStream(server.url, d, null))).toThrow('refused');
    // Signed over another URL: the local one, the bare stream path (what every call's upgrade
    // used to be signed over), another call's.
    const local = toLocalWsUrl(d.streamUrl, server.url.replace('http', 'ws'));
    for (const url of [local, `${PUBLIC_BASE_URL.replace('https', 'wss')}/ws/twilio`, other.streamUrl]) {
      expect(await rejected(openStream(server.url, d, signUpgrade(AUTH_TOKEN, url)))).toThrow('refused');
    }
    const res = await fetch(toLocalWsUrl(d.streamUrl, server.url), {
      headers: {
        Upgrade: 'websocket',
        Connection: 'Upgrade',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    });
    expect(res.status).toBe(403);
    expect(server.phone.stream.calls.size).toBe(0);
    // None of that spent the call's token.
    const good = await openStream(server.url, d);
    good.start(d);
    await waitUntil(() => server?.phone.stream.calls.sessions()[0]?.state === 'live', 'the call is live');
  });

  test('closes with 1008 when no start arrives in time', async () => {
    server = await startPhoneServer(db, { session: { startTimeoutMs: 150 } });
    const stream = await openStream(server.url, await dial(server.url, ACTIVE_NUMBER));
    stream.send({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    expect((await stream.closed).code).toBe(1008);
    // Only the webhook's warm session was opened, and the stream's end closed it.
    expect(server.standin.attempts.total).toBe(1);
    await waitUntil(
      () => (server?.standin.sessions[0]?.closedAt ?? null) !== null,
      'the warm session closed',
    );
    expect(server.phone.warm?.waiting).toBe(0);
  });

  test('refuses a tampered or spent token before the socket opens; closes with 1008 on a start for another call, or media before start', async () => {
    server = await startPhoneServer(db);
    const d = await dial(server.url, ACTIVE_NUMBER);
    // Correctly signed by "Twilio" over the altered URL: the token's own HMAC refuses it.
    const [callSid, nonce, mac] = (d.streamUrl.split('/').pop() as string).split('.') as [
      string,
      string,
      string,
    ];
    const altered = `${nonce[0] === 'A' ? 'B' : 'A'}${nonce.slice(1)}`;
    const tampered = {
      streamUrl: d.streamUrl.replace(`${callSid}.${nonce}.${mac}`, `${callSid}.${altered}.${mac}`),
    };
    expect(await rejected(openStream(server.url, tampered))).toThrow('refused');
    const forOther = await dial(server.url, ACTIVE_NUMBER);
    const otherCall = await openStream(server.url, forOther);
    otherCall.start({ ...forOther, callSid: d.callSid });
    expect((await otherCall.closed).code).toBe(1008);
    const early = await openStream(server.url, await dial(server.url, ACTIVE_NUMBER));
    early.media(SILENT_FRAME);
    expect((await early.closed).code).toBe(1008);
    const formatCall = await dial(server.url, ACTIVE_NUMBER);
    const wrongFormat = await openStream(server.url, formatCall);
    wrongFormat.start(formatCall, { mediaFormat: { encoding: 'audio/l16', sampleRate: 16000, channels: 1 } });
    expect((await wrongFormat.closed).code).toBe(1008);

    const good = await openStream(server.url, d);
    good.start(d);
    await waitUntil(() => server?.phone.stream.calls.sessions()[0]?.state === 'live', 'the call is live');
    // The same URL with the same (captured) signature: the token is spent.
    expect(await rejected(openStream(server.url, d))).toThrow('refused');
    expect(server.phone.stream.calls.size).toBe(1);
    expect(good.ws.readyState).toBe(WebSocket.OPEN);
  });

  test('a 1 MB frame closes the stream with 1009', async () => {
    server = await startPhoneServer(db);
    const d = await dial(server.url, ACTIVE_NUMBER);
    const stream = await openStream(server.url, d);
    stream.start(d);
    await waitUntil(() => server?.standin.sessions.length === 1, 'the upstream session opened');
    stream.media('A'.repeat(1 << 20));
    expect((await stream.closed).code).toBe(1009);
    await waitUntil(() => server?.standin.sessions[0]?.closedAt != null, 'the upstream session closed');
    // A call counts as live until its record is written; then it is gone.
    await waitUntil(() => server?.phone.stream.calls.size === 0, 'no call left live');
  });

  test('malformed frames are counted and skipped, and the call goes on', async () => {
    const script = await shortScript([{ audio: 'assistant-greeting', ms: 300 }]);
    server = await startPhoneServer(db, { standin: { script } });
    const d = await dial(server.url, ACTIVE_NUMBER);
    const stream = await openStream(server.url, d);
    stream.start(d);
    stream.media('not base64!!');
    stream.send('{ not json');
    stream.send({ event: 'surprise', streamSid: 'MZ' });
    for (let i = 0; i < 5; i++) stream.media(SILENT_FRAME, i * 20);
    await waitUntil(
      () => (server?.standin.sessions[0]?.appendedAudioBytes ?? 0) >= 5 * 160,
      'good frames relayed',
    );
    await waitUntil(() => stream.received.some((m) => m.includes('"media"')), 'the greeting is streamed');
    const session = server.phone.stream.calls.sessions()[0];
    expect(session?.state).toBe('live');
    expect(session?.counters.malformed).toBe(3);
    expect(session?.counters.malformedByReason).toEqual({ bad_base64: 1, bad_json: 1, unknown_event: 1 });
    expect(session?.counters.framesIn).toBe(5);
    expect(stream.ws.readyState).toBe(WebSocket.OPEN);
  });

  test('when the Realtime API refuses three times the call ends cleanly and the log says why', async () => {
    // Without the warm start the call itself makes the three attempts (the webhook opens none).
    server = await startPhoneServer(db, {
      warmStart: false,
      standin: { failures: { refuseConnections: 3 } },
    });
    const report = await runTwilioCaller({ ...server.caller(), maxDurationMs: 3000 });
    expect(report.closed?.code).toBe(1011);
    expect(server.standin.attempts).toEqual({ total: 3, refused: 3 });
    expect(server.standin.sessions).toHaveLength(0);
    const failures = server.logs.filter((l) => l.msg === 'realtime: connection attempt failed');
    expect(failures.map((l) => l.attempt)).toEqual([1, 2, 3]);
    expect(String(failures[0]?.why)).toContain('503');
    const ended = server.logs.find((l) => l.msg === 'call ended');
    expect(String(ended?.reason)).toMatch(/^realtime unavailable after 3 attempts: .*503/);
    // A call counts as live until its record is written; then it is gone.
    await waitUntil(() => server?.phone.stream.calls.size === 0, 'no call left live');

    // The server is fine: the next call is answered (the stand-in accepts from now on).
    const next = await runTwilioCaller({ ...server.caller(), actions: [{ atMs: 600, hangup: true }] });
    expect(next.heardAudio.length).toBeGreaterThan(0);
  });

  test('a warm session that failed before the stream opened is not adopted: the call connects afresh', async () => {
    server = await startPhoneServer(db, { standin: { failures: { refuseConnections: 3 } } });
    const d = await dial(server.url, ACTIVE_NUMBER);
    // The webhook's warm session spends its three attempts before Twilio opens the stream.
    await waitUntil(() => server?.standin.attempts.refused === 3, 'the warm session gave up');
    const stream = await openStream(server.url, d);
    stream.start(d);
    await waitUntil(
      () => stream.received.some((m) => m.includes('"media"')),
      'the caller hears the greeting',
    );
    expect(server.standin.attempts).toEqual({ total: 4, refused: 3 });
    expect(server.phone.warm?.stats).toMatchObject({ opened: 1, adopted: 0, refused: 1 });
    stream.ws.close();
    await waitUntil(() => server?.phone.stream.calls.size === 0, 'no call left live');
  });
});
