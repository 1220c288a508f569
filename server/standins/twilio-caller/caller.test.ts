import { afterEach, describe, expect, test } from 'bun:test';
import type { Server, ServerWebSocket } from 'bun';
import twilio from 'twilio';
import { loadUlaw } from '../fixtures.ts';
import { waitUntil } from '../wait.ts';
import { runTwilioCaller, startTwilioCaller, type TwilioCallerOptions } from './caller.ts';
import type { TwilioToApp } from './messages.ts';

const TOKEN = 'auth-token-for-tests';
const PUBLIC = 'https://public.example.com';
const STREAM_URL = 'wss://public.example.com/twilio/stream';

/** What the fake app saw: each message from "Twilio" with its arrival time (performance.now). */
interface Seen {
  at: number;
  message: TwilioToApp;
}

/**
 * The smallest app that answers a call the way ours must: a signed webhook answered with
 * `<Connect><Stream>`, and a signed WebSocket upgrade. `onStart` plays the app's part.
 */
function fakeApp(onStart: (ws: ServerWebSocket<unknown>, streamSid: string) => void) {
  const seen: Seen[] = [];
  const server: Server<unknown> = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(req, srv) {
      const url = new URL(req.url);
      const signature = req.headers.get('x-twilio-signature') ?? '';
      if (url.pathname === '/twilio/voice') {
        const params = Object.fromEntries(new URLSearchParams(await req.text()));
        if (!twilio.validateRequest(TOKEN, signature, `${PUBLIC}/twilio/voice`, params))
          return new Response('forged', { status: 403 });
        const response = new twilio.twiml.VoiceResponse();
        const stream = response.connect().stream({ url: STREAM_URL });
        stream.parameter({ name: 'businessId', value: 'biz-1' });
        stream.parameter({ name: 'caller', value: params.From ?? '' });
        return new Response(response.toString(), { headers: { 'Content-Type': 'text/xml' } });
      }
      if (url.pathname === '/twilio/stream') {
        if (!twilio.validateRequest(TOKEN, signature, STREAM_URL, {}))
          return new Response('forged', { status: 403 });
        return srv.upgrade(req, { data: undefined })
          ? undefined
          : new Response('no upgrade', { status: 400 });
      }
      return new Response('not found', { status: 404 });
    },
    websocket: {
      message(ws, text) {
        const message = JSON.parse(String(text)) as TwilioToApp;
        seen.push({ at: performance.now(), message });
        if (message.event === 'start') onStart(ws, message.start.streamSid);
      },
    },
  });
  servers.push(server);
  const options: TwilioCallerOptions = {
    baseUrl: `http://127.0.0.1:${server.port}`,
    publicBaseUrl: PUBLIC,
    authToken: TOKEN,
  };
  return { seen, options, marksEchoed: () => seen.filter((s) => s.message.event === 'mark') };
}

const servers: Server<unknown>[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.stop(true);
});

const audio = (ms: number, byte: number) => Buffer.alloc(ms * 8, byte).toString('base64');
const markName = (s: Seen) => (s.message.event === 'mark' ? s.message.mark.name : '');

describe('Twilio caller', () => {
  test('echoes each mark only once the audio sent before it has played', async () => {
    let sentAt = 0;
    const app = fakeApp((ws, streamSid) => {
      sentAt = performance.now();
      // A burst, as a relay forwarding a faster-than-real-time model would send it.
      ws.send(JSON.stringify({ event: 'media', streamSid, media: { payload: audio(400, 0x10) } }));
      ws.send(JSON.stringify({ event: 'mark', streamSid, mark: { name: 'a' } }));
      ws.send(JSON.stringify({ event: 'media', streamSid, media: { payload: audio(200, 0x20) } }));
      ws.send(JSON.stringify({ event: 'mark', streamSid, mark: { name: 'b' } }));
    });
    const caller = await startTwilioCaller(app.options);
    await waitUntil(() => app.marksEchoed().length === 2, 'both marks echoed', { timeoutMs: 2000 });
    const report = await caller.hangup();

    const [a, b] = app.marksEchoed();
    expect([a, b].map((s) => s && markName(s))).toEqual(['a', 'b']);
    // Never before the audio queued ahead of it has played (a late timer may only make it later).
    expect((a?.at ?? 0) - sentAt).toBeGreaterThanOrEqual(395);
    expect((b?.at ?? 0) - sentAt).toBeGreaterThanOrEqual(595);
    expect(a?.at ?? 0).toBeLessThan(b?.at ?? 0);
    const echoed = report.marks.map((m) => ({
      name: m.name,
      afterMs: Math.round((m.echoedAtMs ?? 0) - m.receivedAtMs),
      cleared: m.cleared,
    }));
    expect(echoed.map((m) => [m.name, m.cleared])).toEqual([
      ['a', false],
      ['b', false],
    ]);
    // Counted from each mark's own arrival, a few ms apart within the burst.
    expect(echoed[0]?.afterMs ?? 0).toBeGreaterThanOrEqual(395);
    expect(echoed[1]?.afterMs ?? 0).toBeGreaterThanOrEqual(595);
    expect(report.heard).toHaveLength(1);
    expect(report.heard[0]?.bytes).toBe(4800);
    expect((report.heard[0]?.endMs ?? 0) - (report.heard[0]?.startMs ?? 0)).toBe(600);
    expect(report.heardAudio.subarray(0, 3200).every((v) => v === 0x10)).toBe(true);
    expect(report.heardAudio.subarray(3200).every((v) => v === 0x20)).toBe(true);
    expect(report.errors).toEqual([]);
  });

  test('clear drops the queued audio and echoes every pending mark at once', async () => {
    let clearedAt = 0;
    const app = fakeApp((ws, streamSid) => {
      ws.send(JSON.stringify({ event: 'media', streamSid, media: { payload: audio(1000, 0x10) } }));
      ws.send(JSON.stringify({ event: 'mark', streamSid, mark: { name: 'long' } }));
      ws.send(JSON.stringify({ event: 'mark', streamSid, mark: { name: 'after-long' } }));
      setTimeout(() => {
        clearedAt = performance.now();
        ws.send(JSON.stringify({ event: 'clear', streamSid }));
        ws.send(JSON.stringify({ event: 'media', streamSid, media: { payload: audio(100, 0x20) } }));
        ws.send(JSON.stringify({ event: 'mark', streamSid, mark: { name: 'fresh' } }));
      }, 250);
    });
    const caller = await startTwilioCaller(app.options);
    await waitUntil(() => app.marksEchoed().length === 3, 'three marks echoed', { timeoutMs: 2000 });
    await Bun.sleep(50);
    const report = await caller.hangup();

    const [long, afterLong, fresh] = app.marksEchoed();
    expect([long, afterLong, fresh].map((s) => s && markName(s))).toEqual(['long', 'after-long', 'fresh']);
    // Released by the clear, far before their 1000 ms of audio could have played.
    expect((long?.at ?? 0) - clearedAt).toBeLessThan(60);
    expect((afterLong?.at ?? 0) - clearedAt).toBeLessThan(60);
    expect((fresh?.at ?? 0) - clearedAt).toBeGreaterThanOrEqual(95);
    expect(report.marks.map((m) => m.cleared)).toEqual([true, true, false]);
    expect(report.clears).toHaveLength(1);

    // Heard: ~250 ms of the first audio (not 1000), then the 100 ms sent after the clear.
    const [first, second] = report.heard;
    expect((first?.endMs ?? 0) - (first?.startMs ?? 0)).toBeGreaterThan(220);
    expect((first?.endMs ?? 0) - (first?.startMs ?? 0)).toBeLessThan(320);
    expect(second?.bytes).toBe(800);
    expect(report.heardAudio.length).toBe((first?.bytes ?? 0) + 800);
  });

  test("streams the caller's audio in real time with Twilio's fields, DTMF, and stop", async () => {
    const app = fakeApp(() => {});
    const ken = await loadUlaw('backchannel-ken');
    const report = await runTwilioCaller({
      ...app.options,
      from: '+972541112233',
      actions: [
        { atMs: 100, say: 'backchannel-ken' },
        { atMs: 300, dtmf: '5' },
        { atMs: 500, hangup: true },
      ],
    });
    await waitUntil(() => app.seen.at(-1)?.message.event === 'stop', 'stop received', { timeoutMs: 1000 });
    const messages = app.seen.map((s) => s.message);
    expect(messages[0]).toEqual({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    expect(messages[1]).toEqual({
      event: 'start',
      sequenceNumber: '1',
      streamSid: report.streamSid,
      start: {
        accountSid: report.accountSid,
        streamSid: report.streamSid,
        callSid: report.callSid,
        tracks: ['inbound'],
        customParameters: { businessId: 'biz-1', caller: '+972541112233' },
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      },
    });
    expect(messages.at(-1)).toEqual({
      event: 'stop',
      sequenceNumber: String(messages.length - 1),
      streamSid: report.streamSid,
      stop: { accountSid: report.accountSid, callSid: report.callSid },
    });
    // Every message after `connected` is numbered 1, 2, 3… in order.
    expect(messages.slice(1).map((m) => ('sequenceNumber' in m ? m.sequenceNumber : '?'))).toEqual(
      messages.slice(1).map((_, i) => String(i + 1)),
    );
    const dtmf = messages.filter((m) => m.event === 'dtmf');
    expect(dtmf).toEqual([
      {
        event: 'dtmf',
        sequenceNumber: expect.any(String),
        streamSid: report.streamSid,
        dtmf: { track: 'inbound_track', digit: '5' },
      },
    ]);

    const media = app.seen.filter((s) => s.message.event === 'media');
    expect(media.length).toBe(25);
    const fields = media.map((s) => (s.message.event === 'media' ? s.message.media : null));
    expect(fields.map((m) => [m?.chunk, m?.timestamp, m?.track])).toEqual(
      fields.map((_, i) => [String(i + 1), String(i * 20), 'inbound']),
    );
    const sent = Buffer.concat(fields.map((m) => Buffer.from(m?.payload ?? '', 'base64')));
    expect(sent.length).toBe(25 * 160);
    expect(sent.subarray(0, 800).every((v) => v === 0xff)).toBe(true);
    expect(sent.subarray(800, 4000).equals(ken.subarray(0, 3200))).toBe(true);
    // Paced at 20 ms per frame (480 ms from the first to the last), not sent in a burst (a few
    // ms): a loaded machine's late timer makes the pacer catch up, so half the span is required.
    expect((media.at(-1)?.at ?? 0) - (media[0]?.at ?? 0)).toBeGreaterThan(240);
    expect(report.framesSent).toBe(25);
  });

  test('stops at the webhook when the app refuses its signature', async () => {
    const app = fakeApp(() => {});
    const caller = await startTwilioCaller({ ...app.options, signingToken: 'not-the-token' });
    const report = await caller.done;
    expect(report.webhook?.status).toBe(403);
    expect(report.stream).toBeNull();
    expect(app.seen).toHaveLength(0);
  });
});
