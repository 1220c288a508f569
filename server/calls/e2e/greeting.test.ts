import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { assistantProfiles, calls, greetingAudio } from '../../../db/schema';
import { defaultProfile } from '../../agent/assistant/profile';
import { createBrain } from '../../agent/brain';
import { businessChanges } from '../../businesses/changes';
import type { Database } from '../../db/database';
import { createLogger } from '../../lib/logger';
import { heardMsBetween, startTwilioCaller, waitUntil } from '../../standins/twilio-caller/index.ts';
import { createTestDatabase, HOOK_TIMEOUT_MS } from '../../test/database';
import { testConfig } from '../../test/harness';
import { type PhoneServer, seedPhoneBusinesses, startPhoneServer } from './phone-server.ts';
import { script } from './script-turns.ts';

let db: Database;
let ids: { active: string };
let server: PhoneServer | null = null;
const GREETING = 'שלום, הגעתם למספרת בדיקה. במה אפשר לעזור?';
const MODEL = testConfig().realtime.model;

beforeAll(async () => {
  db = await createTestDatabase();
  ids = await seedPhoneBusinesses(db);
}, HOOK_TIMEOUT_MS);
afterAll(() => db.close());
beforeEach(() => db.withSystem((tx) => tx.delete(greetingAudio)).then(() => {}));
afterEach(async () => {
  await server?.stop();
  server = null;
});

/** The model greets with `greetingMs` of audio whose transcript is `said`, then answers "כן?". */
function greetingScript(said: string, greetingMs: number) {
  return script({ audio: { name: 'assistant-greeting', ms: greetingMs }, transcript: said }, [
    { audio: { name: 'assistant-booked', ms: 400 }, transcript: 'כן?' },
  ]);
}

function storedGreeting() {
  return db.withSystem(async (tx) => {
    const [row] = await tx.select().from(greetingAudio).where(eq(greetingAudio.businessId, ids.active));
    return row ?? null;
  });
}

/** One call that hears `ms` of audio and hangs up; resolves with the caller's report. */
async function callAndHear(s: PhoneServer, ms: number) {
  const before = s.ended.length;
  const caller = await startTwilioCaller(s.caller());
  await waitUntil(() => caller.report().heardAudio.length >= ms * 8, `${ms} ms heard`, { timeoutMs: 8000 });
  const report = await caller.hangup();
  await waitUntil(() => s.ended.length === before + 1, 'the call record written');
  return report;
}

function received(s: PhoneServer, session: number) {
  return s.standin.sessions[session]?.received ?? [];
}

function assistantItemsCreated(s: PhoneServer, session: number) {
  return received(s, session).flatMap((e) =>
    e.type === 'conversation.item.create' && e.item.type === 'message' && e.item.role === 'assistant'
      ? [e.item]
      : [],
  );
}

describe('the cached greeting', () => {
  test('the model speaks the first greeting and it is kept; the next call plays it without asking the model', async () => {
    const greeting = await greetingScript(GREETING, 1500);
    server = await startPhoneServer(db, { standin: { script: greeting } });
    const first = await callAndHear(server, 1500);
    const spoken = greeting.greeting?.audio ?? new Uint8Array();
    expect(Buffer.from(first.heardAudio).equals(Buffer.from(spoken))).toBe(true);
    await waitUntil(async () => (await storedGreeting()) !== null, 'the greeting kept');
    const row = await storedGreeting();
    expect(row).toMatchObject({ greetingText: GREETING, voice: 'cedar', model: MODEL, durationMs: 1500 });
    expect(Buffer.from(row?.audio ?? []).equals(Buffer.from(spoken))).toBe(true);

    const second = await callAndHear(server, 1500);
    // The same audio, byte for byte, and the model was never asked to speak.
    expect(Buffer.from(second.heardAudio).equals(Buffer.from(spoken))).toBe(true);
    expect(second.clears).toEqual([]);
    expect(server.standin.sessions[1]?.responses).toEqual([]);
    expect(received(server, 1).some((e) => e.type === 'response.create')).toBe(false);
    // Upstream was told the greeting was said, as an assistant item of our own id.
    const [item] = assistantItemsCreated(server, 1);
    expect(item?.id).toMatch(/^greet_[0-9a-f]{24}$/);
    expect(item?.content).toEqual([{ type: 'output_text', text: GREETING }]);
    expect(server.standin.sessions[1]?.errors).toEqual([]);
    // The call's transcript says the greeting was said.
    const [record] = await db.withSystem((tx) =>
      tx.select().from(calls).where(eq(calls.callSid, second.callSid)),
    );
    expect(record?.transcript[0]).toMatchObject({ speaker: 'assistant', text: GREETING });
  });

  test('a greeting the model did not say word for word is not kept', async () => {
    server = await startPhoneServer(db, {
      standin: { script: await greetingScript('שלום, מה שלומך?', 1000) },
    });
    await callAndHear(server, 1000);
    const logged = () => server?.logs.some((l) => l.msg === 'greeting: not cached') ?? false;
    await waitUntil(logged, 'the refusal logged');
    expect(await storedGreeting()).toBeNull();
  });

  test('the caller talking over the cached greeting stops it; upstream keeps the words heard and the model answers without greeting again', async () => {
    server = await startPhoneServer(db, { standin: { script: await greetingScript(GREETING, 3000) } });
    await callAndHear(server, 3000);
    await waitUntil(async () => (await storedGreeting()) !== null, 'the greeting kept');

    const speakAt = 600;
    const caller = await startTwilioCaller(
      server.caller({ actions: [{ atMs: speakAt, say: 'caller-interrupt' }] }),
    );
    const session = () => server?.standin.sessions[1];
    await waitUntil(() => (session()?.deletions.length ?? 0) > 0, 'the greeting item replaced', {
      timeoutMs: 6000,
    });
    const answered = () => session()?.responses.some((r) => r.status !== 'in_progress') ?? false;
    await waitUntil(answered, 'the model answers', { timeoutMs: 8000 });
    await waitUntil(() => caller.nowMs() > 3200, 'the greeting would have ended');
    const report = await caller.hangup();

    expect(report.clears.length).toBeGreaterThanOrEqual(1);
    expect(heardMsBetween(report.heard, speakAt + 1150, 3200)).toBeLessThanOrEqual(400); // only the answer
    const [original, heard] = assistantItemsCreated(server, 1);
    expect(session()?.deletions).toEqual([{ itemId: original?.id as string, accepted: true }]);
    const text = (heard?.content?.[0] as { text?: string } | undefined)?.text ?? '';
    expect(text.endsWith('…')).toBe(true);
    expect(GREETING.startsWith(text.slice(0, -1))).toBe(true);
    // The answer is the script's next turn (400 ms), not the greeting a second time.
    expect(session()?.responses[0]?.audioBytes).toBe(400 * 8);
    expect(session()?.errors).toEqual([]);
    await waitUntil(() => server?.ended.length === 2, 'the call summary');
    expect(server.ended[1]).toMatchObject({ bargeIns: 1 });
  });

  test('a new greeting text is spoken by the model again and replaces the cached audio', async () => {
    const log = createLogger('silent');
    const brain = createBrain({ db, log });
    server = await startPhoneServer(db, { brain, standin: { script: await greetingScript(GREETING, 1000) } });
    await callAndHear(server, 1000);
    await waitUntil(async () => (await storedGreeting()) !== null, 'the greeting kept');

    const changed = 'ערב טוב, מספרת בדיקה כאן.';
    await db.withTenant(ids.active, (tx) =>
      tx
        .insert(assistantProfiles)
        .values({ businessId: ids.active, ...defaultProfile('מספרת בדיקה'), greeting: changed }),
    );
    await businessChanges(db).announce(ids.active); // as the assistant's page does on a save
    await server.stop();
    server = await startPhoneServer(db, { brain, standin: { script: await greetingScript(changed, 1200) } });
    await callAndHear(server, 1200);
    // The old audio was not played: the model was asked to greet.
    expect(received(server, 0).some((e) => e.type === 'response.create')).toBe(true);
    expect(assistantItemsCreated(server, 0)).toEqual([]);
    await waitUntil(async () => (await storedGreeting())?.greetingText === changed, 'the new greeting kept');
    expect((await storedGreeting())?.durationMs).toBe(1200);
    await db.withTenant(ids.active, (tx) => tx.delete(assistantProfiles));
    await businessChanges(db).announce(ids.active);
  });
});
