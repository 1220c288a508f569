/**
 * Transfer to a person through whole calls: the Twilio caller stand-in follows the app's REST
 * update of its call (the Twilio REST stand-in) as Twilio does: the stream stops, the caller
 * hears the sentence, the staff member's phone is dialled (status callbacks, a warm
 * transfer's whisper and key), the `<Dial action>` decides what comes next.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { callSettings, callStatusEvents, calls, leadNotes } from '../../../db/schema';
import type { Database } from '../../db/database';
import { loadUlaw } from '../../standins/fixtures.ts';
import { startTwilioCaller, waitUntil } from '../../standins/twilio-caller/index.ts';
import { startTwilioRestStandin, type TwilioRestStandin } from '../../standins/twilio-rest/index.ts';
import { createTestDatabase, HOOK_TIMEOUT_MS } from '../../test/database';
import { RESUME_NOTE, TRANSFER_SENTENCE } from '../transfer/transfer-twiml.ts';
import { AUTH_TOKEN, type PhoneServer, seedPhoneBusinesses, startPhoneServer } from './phone-server.ts';
import { script, type TurnSpec } from './script-turns.ts';

const CALLER = '+972541234567';
const STAFF = '+972501234567';
let db: Database;
let ids: { active: string };
let rest: TwilioRestStandin;
let server: PhoneServer | null = null;

beforeAll(async () => {
  db = await createTestDatabase();
  ids = await seedPhoneBusinesses(db);
  rest = await startTwilioRestStandin({ authToken: AUTH_TOKEN });
}, HOOK_TIMEOUT_MS);
afterAll(async () => {
  await rest.stop();
  await db.close();
});
afterEach(async () => {
  await server?.stop();
  server = null;
});

async function route(o: {
  transferNumber?: string | null;
  warm?: boolean;
  menu?: Array<{ digit: string; action: string }>;
}) {
  const values = {
    businessId: ids.active,
    transferNumber: o.transferNumber === undefined ? STAFF : o.transferNumber,
    warmTransfer: o.warm ?? false,
    keypadMenu: o.menu ?? [],
  };
  await db.withTenant(ids.active, (tx) =>
    tx
      .insert(callSettings)
      .values(values)
      .onConflictDoUpdate({ target: callSettings.businessId, set: values }),
  );
}

const GREETING: TurnSpec = { audio: { name: 'assistant-greeting', ms: 300 }, transcript: 'שלום' };
const TRANSFER_TURN: TurnSpec = {
  call: { name: 'transfer_to_human', arguments: { reason: 'שאלה על חשבונית' } },
  after: { audio: { name: 'assistant-booked', ms: 600 }, transcript: 'אין נציג כרגע' },
};

async function speech() {
  return (await loadUlaw('caller-booking')).subarray(0, 1000 * 8);
}

const callRow = async (callSid: string) =>
  (await db.withSystem((tx) => tx.select().from(calls).where(eq(calls.callSid, callSid))))[0];
const notesOf = async (leadId: string | null | undefined) =>
  leadId
    ? (
        await db.withTenant(ids.active, (tx) =>
          tx.select().from(leadNotes).where(eq(leadNotes.leadId, leadId)),
        )
      ).map((n) => n.body)
    : [];
const transferLeg = (callId: string) =>
  db.withSystem((tx) =>
    tx
      .select({ status: callStatusEvents.status, source: callStatusEvents.source })
      .from(callStatusEvents)
      .where(eq(callStatusEvents.callId, callId))
      .orderBy(callStatusEvents.receivedAt),
  );

async function transferringCall(staff: Parameters<typeof startTwilioCaller>[0]['staff']) {
  const caller = await startTwilioCaller(
    (server as PhoneServer).caller({
      from: CALLER,
      rest,
      staff,
      statusCallbackPath: '/twilio/status',
      actions: [{ atMs: 900, say: await speech() }],
    }),
  );
  return caller;
}

describe('transfer to a person', () => {
  test("the assistant's transfer_to_human says so and dials the business's number with the caller's ID", async () => {
    await route({});
    server = await startPhoneServer(db, {
      rest,
      standin: { script: await script(GREETING, [TRANSFER_TURN]) },
    });
    const caller = await transferringCall({ answers: 'answer', talkSeconds: 7 });
    const report = await caller.done;
    expect(await caller.statusPosted).toBe(200);
    expect(report.said).toEqual([TRANSFER_SENTENCE]);
    expect(report.dials).toHaveLength(1);
    expect(report.dials[0]).toMatchObject({ number: STAFF, callerId: CALLER, bridged: true, whisper: null });
    expect(report.dials[0]?.action?.body).toContain('<Hangup/>');
    expect(report.streams).toBe(1);
    // The update went through Twilio's REST API, authenticated, with the TwiML as a form field.
    const update = rest.requests.find((r) => r.callSid === caller.callSid && r.method === 'POST');
    expect(update?.params.Twiml).toContain('<Dial callerId="+972541234567"');

    await waitUntil(() => (server as PhoneServer).ended.length === 1, 'the call record written');
    expect((server as PhoneServer).ended[0]?.reason).toBe('transferred to a person');
    await waitUntil(async () => (await callRow(caller.callSid))?.outcome === 'transferred', 'the outcome');
    const row = await callRow(caller.callSid);
    expect(await notesOf(row?.leadId)).toContain('השיחה הועברה לנציג. נושא: שאלה על חשבונית');
    // The staff member's leg, as Twilio reported it, and the dial's own outcome.
    const legs = await transferLeg(row?.id as string);
    expect(legs.filter((l) => l.source === 'status_callback').map((l) => l.status)).toEqual(
      expect.arrayContaining(['initiated', 'ringing', 'in-progress', 'completed']),
    );
  });

  test('a warm transfer whispers a Hebrew summary to the staff member, who accepts with 1', async () => {
    await route({ warm: true });
    server = await startPhoneServer(db, {
      rest,
      standin: { script: await script(GREETING, [TRANSFER_TURN]) },
    });
    const caller = await transferringCall({ answers: 'answer', key: '1' });
    const report = await caller.done;
    expect(await caller.statusPosted).toBe(200);
    const dial = report.dials[0];
    expect(dial?.bridged).toBe(true);
    expect(dial?.whisper?.join(' ')).toContain('שאלה על חשבונית');
    expect(dial?.whisper?.join(' ')).toContain('הקישו 1');
    await waitUntil(async () => (await callRow(caller.callSid))?.outcome === 'transferred', 'the outcome');
  });

  test('nobody answers: the caller is back with the assistant on a new stream, which offers to take a message', async () => {
    await route({});
    server = await startPhoneServer(db, {
      rest,
      standin: {
        script: await script(GREETING, [TRANSFER_TURN], {
          audio: { name: 'assistant-repeat', ms: 500 },
          transcript: 'אשמח לרשום הודעה',
        }),
      },
    });
    const caller = await transferringCall({ answers: 'no-answer' });
    await waitUntil(() => caller.report().streams === 2, 'the second stream');
    const s = server as PhoneServer;
    await waitUntil(() => s.standin.sessions.length >= 2, 'the assistant reconnected');
    const second = () => s.standin.sessions.at(-1)?.received ?? [];
    await waitUntil(
      () =>
        second().some(
          (e) => e.type === 'response.create' && JSON.stringify(e).includes(RESUME_NOTE.slice(0, 30)),
        ),
      'the assistant asked to take a message',
    );
    const heardBefore = caller.report().heardAudio.length;
    await waitUntil(
      () => caller.report().heardAudio.length >= heardBefore + 250 * 8,
      'the assistant heard again',
    );
    await caller.hangup();
    expect(await caller.statusPosted).toBe(200);
    await waitUntil(() => s.ended.length === 2, 'both parts recorded');
    const row = await callRow(caller.callSid);
    expect(row?.outcome).toBeNull();
    expect(row?.endReason).toBe('caller hung up');
    expect(await notesOf(row?.leadId)).toContain(
      'העברה לנציג לא נענתה (no-answer); העוזר לקח הודעה. נושא: שאלה על חשבונית',
    );
    // One call, one row: the second part's lines follow the first's.
    const lines = row?.transcript ?? [];
    const toolLine = lines.findIndex(
      (t) => t.speaker === 'system' && t.text === 'העברה לנציג: שאלה על חשבונית',
    );
    expect(toolLine).toBeGreaterThan(-1);
    expect(lines.length).toBeGreaterThan(toolLine + 1);
    expect(lines.map((t) => t.atMs)).toEqual([...lines.map((t) => t.atMs)].sort((a, b) => a - b));
  });

  test('Twilio refusing the update (21220): the assistant tells the caller nobody can take it, and the call goes on', async () => {
    await route({});
    server = await startPhoneServer(db, {
      rest,
      standin: { script: await script(GREETING, [TRANSFER_TURN]) },
    });
    const caller = new (await import('../../standins/twilio-caller/index.ts')).TwilioCaller(
      server.caller({ from: CALLER, rest, actions: [{ atMs: 900, say: await speech() }] }),
    );
    rest.failNextUpdate(caller.callSid, {
      status: 400,
      code: 21220,
      message: 'Call is not in-progress. Cannot redirect.',
    });
    await caller.dial();
    await waitUntil(() => caller.report().heardAudio.length >= (300 + 600) * 8, 'the follow-up heard');
    expect(caller.report().streams).toBe(1);
    expect(caller.report().dials).toEqual([]);
    expect(caller.report().stoppedAtMs).toBeNull();
    const outputs = server.standin.sessions[0]?.functionOutputs ?? [];
    expect(JSON.parse(outputs[0]?.output ?? '{}')).toMatchObject({
      ok: true,
      action: { type: 'transfer', live: false },
    });
    await caller.hangup();
    await waitUntil(() => (server as PhoneServer).ended.length === 1, 'the call record written');
    const row = await callRow(caller.callSid);
    expect(await notesOf(row?.leadId)).toContain('ביקש/ה לדבר עם נציג: שאלה על חשבונית');
  });
});

describe('the keypad menu', () => {
  test('a menu key while the assistant talks interrupts it, and the model is told what the caller chose', async () => {
    await route({
      menu: [
        { digit: '1', action: 'book' },
        { digit: '0', action: 'transfer' },
      ],
    });
    server = await startPhoneServer(db, {
      rest,
      standin: {
        script: await script({ audio: { name: 'assistant-greeting', ms: 2000 }, transcript: 'שלום' }, [
          { audio: { name: 'assistant-booked', ms: 400 }, transcript: 'לאיזה יום?' },
        ]),
      },
    });
    const caller = await startTwilioCaller(
      server.caller({ from: CALLER, rest, actions: [{ atMs: 500, dtmf: '1' }] }),
    );
    await waitUntil(() => caller.report().clears.length > 0, 'the greeting cut by the key');
    const s = server;
    const note = () =>
      (s.standin.sessions[0]?.received ?? []).findIndex(
        (e) =>
          e.type === 'conversation.item.create' &&
          e.item.type === 'message' &&
          e.item.role === 'system' &&
          JSON.stringify(e.item.content).includes('קביעת תור'),
      );
    await waitUntil(() => note() >= 0, 'the choice told to the model');
    expect(
      (s.standin.sessions[0]?.received ?? []).slice(note()).some((e) => e.type === 'response.create'),
    ).toBe(true);
    // The key did not reach the model as typed digits.
    expect(
      (s.standin.sessions[0]?.received ?? []).some((e) => JSON.stringify(e).includes('המתקשר הקיש: 1')),
    ).toBe(false);
    await caller.hangup();
    await waitUntil(() => s.ended.length === 1, 'the call record written');
    const row = await callRow(caller.callSid);
    expect(row?.transcript.some((t) => t.kind === 'dtmf' && t.text === 'המתקשר הקיש 1: קביעת תור')).toBe(
      true,
    );
  });

  test('the transfer key moves the call to the business number', async () => {
    await route({ menu: [{ digit: '0', action: 'transfer' }] });
    server = await startPhoneServer(db, { rest, standin: { script: await script(GREETING) } });
    const caller = await startTwilioCaller(
      server.caller({ from: CALLER, rest, staff: { answers: 'busy' }, actions: [{ atMs: 700, dtmf: '0' }] }),
    );
    await waitUntil(() => caller.report().dials.length === 1, 'the dial placed');
    expect(caller.report().said).toEqual([TRANSFER_SENTENCE]);
    expect(caller.report().dials[0]).toMatchObject({ number: STAFF, dialCallStatus: 'busy', bridged: false });
    // Busy: back to the assistant.
    await waitUntil(() => caller.report().streams === 2, 'back with the assistant');
    await caller.hangup();
    const row = await callRow(caller.callSid);
    expect(await notesOf(row?.leadId)).toContain(
      'העברה לנציג לא נענתה (busy); העוזר לקח הודעה. נושא: המתקשר הקיש 0: מעבר לנציג',
    );
  });
});
