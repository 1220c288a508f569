import { afterAll, afterEach, beforeAll, expect, test } from 'bun:test';
import type { Database } from '../../db/database';
import { startTwilioCaller, waitUntil } from '../../standins/twilio-caller/index.ts';
import { createTestDatabase, HOOK_TIMEOUT_MS } from '../../test/database';
import type { CallFeedEvent } from '../live/call-feed.ts';
import { type PhoneServer, seedPhoneBusinesses, startPhoneServer } from './phone-server.ts';
import { script } from './script-turns.ts';

let db: Database;
let ids: { active: string; suspended: string };
let server: PhoneServer | null = null;
const GREETING = 'שלום, הגעתם למספרת בדיקה. במה אפשר לעזור?';

beforeAll(async () => {
  db = await createTestDatabase();
  ids = await seedPhoneBusinesses(db);
}, HOOK_TIMEOUT_MS);
afterAll(() => db.close());
afterEach(async () => {
  await server?.stop();
  server = null;
});

test('a call in progress is listed with its transcript so far, its barge-in and its end pushed to the business', async () => {
  server = await startPhoneServer(db, {
    standin: {
      script: await script({ audio: { name: 'assistant-greeting', ms: 3000 }, transcript: GREETING }, []),
    },
  });
  const events: CallFeedEvent[] = [];
  const others: CallFeedEvent[] = [];
  const unsubscribe = await server.callFeed.subscribe(ids.active, (e) => events.push(e));
  const unsubscribeOther = await server.callFeed.subscribe(ids.suspended, (e) => others.push(e));
  const live = (type: string) => events.filter((e) => e.type === type);

  const caller = await startTwilioCaller(
    server.caller({ actions: [{ atMs: 600, say: 'caller-interrupt' }] }),
  );
  await waitUntil(() => live('live_start').length === 1, 'the call announced');
  const [listed] = server.liveCalls.list(ids.active);
  expect(listed?.from).toMatch(/^\+\d+$/);
  expect(Date.parse(listed?.startedAt ?? '')).toBeGreaterThan(Date.now() - 10_000);

  // The caller talks over the greeting: the barge-in, then the greeting's line (as heard).
  await waitUntil(() => live('live_barge_in').length > 0, 'the barge-in pushed', { timeoutMs: 6000 });
  await waitUntil(
    () => live('live_line').some((e) => e.type === 'live_line' && e.speaker === 'assistant'),
    "the assistant's line pushed",
    { timeoutMs: 6000 },
  );
  const now = server.liveCalls.list(ids.active)[0];
  expect(now?.bargeIns).toBeGreaterThan(0);
  expect(now?.lines.some((l) => l.speaker === 'assistant' && l.text === GREETING)).toBe(true);

  await caller.hangup();
  await waitUntil(() => live('live_end').length === 1, 'the end pushed');
  expect(server.liveCalls.list(ids.active)).toEqual([]);
  expect(server.liveCalls.size).toBe(0);
  // Another business hears nothing of it (only row changes of its own would reach it).
  expect(others.filter((e) => e.type !== 'changed')).toEqual([]);
  unsubscribe();
  unsubscribeOther();
});
