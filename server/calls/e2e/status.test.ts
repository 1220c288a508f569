import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { callStatusEvents, calls } from '../../../db/schema';
import { startTwilioCaller, waitUntil } from '../../standins/twilio-caller/index.ts';
import { HOOK_TIMEOUT_MS } from '../../test/database';
import { createHarness, type Harness } from '../../test/harness';
import { type PhoneServer, startPhoneServer } from './phone-server.ts';
import { script } from './script-turns.ts';

const CALLER = '+972541234567';
let h: Harness;
let server: PhoneServer;
let cookie: string;

beforeAll(async () => {
  h = await createHarness();
  cookie = await h.login(h.a.users.agent.email);
  server = await startPhoneServer(h.db, {
    standin: { script: await script({ audio: { name: 'assistant-greeting', ms: 300 }, transcript: 'שלום' }) },
  });
}, HOOK_TIMEOUT_MS);
afterAll(async () => {
  await server?.stop();
  await h?.close();
});

const callRow = (callSid: string) =>
  h.db.withSystem(async (tx) => (await tx.select().from(calls).where(eq(calls.callSid, callSid)))[0]);
const eventsOf = (callSid: string) =>
  h.db.withSystem((tx) =>
    tx
      .select({ status: callStatusEvents.status, source: callStatusEvents.source, leg: callStatusEvents.leg })
      .from(callStatusEvents)
      .where(eq(callStatusEvents.callSid, callSid))
      .orderBy(callStatusEvents.receivedAt),
  );

async function callInList(callSid: string) {
  const res = await h.request('GET', '/api/calls', { cookie });
  const body = (await res.json()) as { calls: Array<{ id: string; callSid: string; missed: boolean }> };
  return body.calls.find((c) => c.callSid === callSid);
}

describe("Twilio's call status", () => {
  test('an answered call: ringing from the webhook, completed from the status callback, recorded once', async () => {
    const caller = await startTwilioCaller(
      server.caller({ from: CALLER, to: h.a.phone, statusCallbackPath: '/twilio/status' }),
    );
    await waitUntil(() => caller.report().heardAudio.length >= 300 * 8, 'the greeting heard');
    await caller.hangup();
    expect(await caller.statusPosted).toBe(200);
    await waitUntil(async () => (await eventsOf(caller.callSid)).length === 2, 'both statuses recorded');
    // Twilio retries and replays change nothing.
    expect(await caller.postStatus('completed', { durationSeconds: 1 })).toBe(200);
    expect(await eventsOf(caller.callSid)).toEqual([
      { status: 'ringing', source: 'voice_webhook', leg: 'caller' },
      { status: 'completed', source: 'status_callback', leg: 'caller' },
    ]);
    await waitUntil(() => server.ended.length >= 1, 'the call record written');
    const row = await callRow(caller.callSid);
    expect(row?.answeredAt).not.toBeNull();
    expect(row?.endReason).toBe('caller hung up');
    expect((await callInList(caller.callSid))?.missed).toBe(false);
  });

  test('a call whose media stream never started is in the call log as missed', async () => {
    const caller = await startTwilioCaller(
      server.caller({
        from: CALLER,
        to: h.a.phone,
        statusCallbackPath: '/twilio/status',
        streamUnreachable: true,
      }),
    );
    expect(await caller.statusPosted).toBe(200);
    await waitUntil(async () => (await callRow(caller.callSid))?.endedAt ?? false, 'the missed call closed');
    const row = await callRow(caller.callSid);
    expect(row).toMatchObject({ answeredAt: null, endReason: 'missed: completed', fromNumber: CALLER });
    expect(row?.leadId).not.toBeNull();
    const listed = await callInList(caller.callSid);
    expect(listed?.missed).toBe(true);
    const res = await h.request('GET', `/api/calls/${listed?.id}`, { cookie });
    const { call } = (await res.json()) as { call: { statuses: Array<{ leg: string; status: string }> } };
    expect(call.statuses.map((s) => s.status)).toEqual(['ringing', 'completed']);
  });

  test('every status Twilio reports is recorded, the first final one closing the row', async () => {
    const caller = await startTwilioCaller(server.caller({ to: h.a.phone, streamUnreachable: true }));
    await waitUntil(async () => (await eventsOf(caller.callSid)).length === 1, 'the ringing call recorded');
    const t0 = Date.now();
    for (const [i, status] of (['in-progress', 'busy', 'no-answer', 'failed'] as const).entries())
      expect(await caller.postStatus(status, { at: new Date(t0 + (i + 1) * 1000) })).toBe(200);
    expect((await eventsOf(caller.callSid)).map((e) => e.status)).toEqual([
      'ringing',
      'in-progress',
      'busy',
      'no-answer',
      'failed',
    ]);
    // The first final status closed the row.
    expect((await callRow(caller.callSid))?.endReason).toBe('missed: busy');
  });

  test('a forged status callback is refused with 403 and writes nothing', async () => {
    const caller = await startTwilioCaller(server.caller({ to: h.a.phone, streamUnreachable: true }));
    await waitUntil(async () => (await eventsOf(caller.callSid)).length === 1, 'the ringing call recorded');
    expect(await caller.postStatus('completed', { signingToken: 'not-the-auth-token' })).toBe(403);
    expect((await eventsOf(caller.callSid)).map((e) => e.status)).toEqual(['ringing']);
    expect((await callRow(caller.callSid))?.endedAt).toBeNull();
    expect(server.logs.some((l) => l.msg === 'twilio status callback: bad or missing signature')).toBe(true);
  });

  test('a status for a CallSid we never saw is answered 200 and logged', async () => {
    const stranger = await startTwilioCaller(
      server.caller({ to: '+97235559999', callSid: `CA${'0'.repeat(32)}` }),
    );
    expect(stranger.report().webhook?.body).toContain('<Reject/>');
    expect(await stranger.postStatus('completed')).toBe(200);
    expect(await eventsOf(stranger.callSid)).toEqual([]);
    expect(
      server.logs.some(
        (l) => l.msg === 'twilio status callback: unknown CallSid, ignored' && l.callSid === stranger.callSid,
      ),
    ).toBe(true);
  });
});
