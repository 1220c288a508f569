import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { appointments, leads } from '../../../db/schema';
import type { Database } from '../../db/database';
import { at, businessDay } from '../../scheduling/test-days';
import { loadUlaw } from '../../standins/fixtures.ts';
import { startTwilioCaller, waitUntil } from '../../standins/twilio-caller/index.ts';
import { createTestDatabase, HOOK_TIMEOUT_MS } from '../../test/database';
import type { CallControl } from '../call-control.ts';
import { type PhoneServer, seedPhoneBusinesses, startPhoneServer } from './phone-server.ts';
import { script } from './script-turns.ts';

let db: Database;
let ids: { active: string };
let server: PhoneServer | null = null;
const CALLER = '+972541234567';

beforeAll(async () => {
  db = await createTestDatabase();
  ids = await seedPhoneBusinesses(db);
}, HOOK_TIMEOUT_MS);
afterAll(() => db.close());
afterEach(async () => {
  await server?.stop();
  server = null;
});

/** Client events the stand-in received, by type. */
function received(server: PhoneServer, session = 0) {
  return server.standin.sessions[session]?.received ?? [];
}

describe('the assistant on the phone', () => {
  test('a confirmed booking by voice creates the appointment, and the caller hears the follow-up', async () => {
    const day = businessDay(3);
    server = await startPhoneServer(db, {
      standin: {
        script: await script({ audio: { name: 'assistant-greeting', ms: 300 }, transcript: 'שלום' }, [
          {
            call: {
              name: 'book_appointment',
              arguments: { name: 'דנה כהן', when: `${day} 10:00`, confirmed: true },
            },
            after: { audio: { name: 'assistant-booked', ms: 700 }, transcript: 'קבעתי לך תור' },
          },
        ]),
      },
      session: { upstreamVad: { silenceDurationMs: 200 } },
    });
    const speech = (await loadUlaw('caller-booking')).subarray(0, 1000 * 8);
    const caller = await startTwilioCaller(
      // After the short greeting has played: talking over it would (rightly) cut it.
      server.caller({ from: CALLER, actions: [{ atMs: 900, say: speech }] }),
    );
    await waitUntil(() => caller.report().heardAudio.length >= (300 + 700) * 8, 'the follow-up heard', {
      timeoutMs: 5000,
    });
    const report = await caller.hangup();
    await waitUntil(() => server?.ended.length === 1, 'the call record written');

    // The tool really ran against the database: one appointment, at that time, for the caller's lead.
    const booked = await db.withTenant(ids.active, (tx) =>
      tx
        .select({ startsAt: appointments.startsAt, phone: leads.phone, name: leads.name })
        .from(appointments)
        .innerJoin(leads, eq(leads.id, appointments.leadId)),
    );
    expect(booked).toEqual([{ startsAt: new Date(at(day, '10:00')), phone: CALLER, name: 'דנה כהן' }]);
    // Its output went back as the call's output, then one response.create after the call's response.
    const outputs = server.standin.sessions[0]?.functionOutputs ?? [];
    expect(outputs).toHaveLength(1);
    expect(JSON.parse(outputs[0]?.output ?? '{}')).toMatchObject({ ok: true, action: { type: 'booked' } });
    expect(server.standin.sessions[0]?.errors).toEqual([]);
    // The follow-up reply is what the caller heard after the greeting.
    const followUp = (await loadUlaw('assistant-booked')).subarray(0, 700 * 8);
    expect(Buffer.from(report.heardAudio.subarray(300 * 8)).equals(Buffer.from(followUp))).toBe(true);
    expect(server.ended[0]).toMatchObject({ toolCalls: 1, toolFailures: 0 });
  });

  test('end_call hangs up through Twilio only after the goodbye has played', async () => {
    const hangUps: Array<{ callSid: string; atMs: number }> = [];
    let nowMs = () => 0;
    const control: CallControl = {
      async hangUp(callSid) {
        hangUps.push({ callSid, atMs: nowMs() });
        return 'ended';
      },
      sayAndHangUp: async () => 'ended',
      redirect: async () => {},
    };
    server = await startPhoneServer(db, {
      control,
      standin: {
        script: await script({
          audio: { name: 'assistant-greeting', ms: 700 },
          transcript: 'תודה ולהתראות',
          call: { name: 'end_call', arguments: { reason: 'the caller said goodbye' } },
        }),
      },
    });
    const caller = await startTwilioCaller(server.caller({ from: CALLER }));
    nowMs = () => caller.nowMs();
    await waitUntil(() => caller.report().closed !== null, 'the call ended by us', { timeoutMs: 4000 });
    const report = caller.report();

    // Every byte of the goodbye played before the hang-up; Twilio was asked to end this call.
    expect(report.heardAudio.length).toBe(700 * 8);
    const lastHeardMs = report.heard.at(-1)?.endMs ?? 0;
    expect(hangUps).toEqual([{ callSid: report.callSid, atMs: expect.any(Number) }]);
    expect(hangUps[0]?.atMs ?? 0).toBeGreaterThanOrEqual(lastHeardMs);
    expect(report.closed?.atMs ?? 0).toBeLessThan(lastHeardMs + 600);
    await waitUntil(() => server?.ended.length === 1, 'the call record written');
    expect(server.ended[0]?.reason).toBe('assistant ended the call: the caller said goodbye');
    // No follow-up response after a goodbye.
    expect(received(server).filter((e) => e.type === 'response.create')).toHaveLength(1);
  });

  test('digits the caller keys in reach the model as text, and the model answers', async () => {
    server = await startPhoneServer(db, {
      standin: {
        script: await script({ audio: { name: 'assistant-greeting', ms: 300 } }, [
          { audio: { name: 'assistant-repeat', ms: 500 }, transcript: 'המספר שלך הוא' },
        ]),
      },
      session: { dtmfIdleMs: 3000 },
    });
    const digits = '0541234567#';
    const caller = await startTwilioCaller(
      // Keyed after the short greeting has played: a key while the assistant talks would barge in.
      server.caller({ actions: [...digits].map((d, i) => ({ atMs: 900 + 40 * i, dtmf: d })) }),
    );
    await waitUntil(() => caller.report().heardAudio.length >= 800 * 8, 'the answer heard', {
      timeoutMs: 4000,
    });
    await caller.hangup();

    const events = received(server);
    const item = events.findIndex(
      (e) =>
        e.type === 'conversation.item.create' &&
        e.item.type === 'message' &&
        e.item.role === 'user' &&
        JSON.stringify(e.item.content).includes('המתקשר הקיש: 0541234567'),
    );
    expect(item).toBeGreaterThan(-1);
    // `#` ended the entry at once (no idle wait); a response was asked for right after it.
    expect(events.slice(item).some((e) => e.type === 'response.create')).toBe(true);
    expect(server.standin.sessions[0]?.errors).toEqual([]);
    await waitUntil(() => server?.ended.length === 1, 'the call record written');
    expect(server.ended[0]).toMatchObject({ dtmf: 11, dtmfEntries: 1 });
  });
});
