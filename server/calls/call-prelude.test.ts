/**
 * A business's calls share one prelude (session, settings, greeting): kept until the
 * business changes, in this process or in another one on the same database.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { VoiceSession } from '../agent/brain';
import { businessChanges } from '../businesses/changes';
import type { Database } from '../db/database';
import { createLogger } from '../lib/logger';
import { waitUntil } from '../standins/wait';
import { HOOK_TIMEOUT_MS, openSecondHandle } from '../test/database';
import { createHarness, type Harness } from '../test/harness';
import { type CallServices, createCallServices } from './call-services.ts';

let h: Harness;
let owner: string;
beforeAll(async () => {
  h = await createHarness();
  owner = await h.login(h.a.users.owner.email);
}, HOOK_TIMEOUT_MS);
afterAll(() => h.close());

function servicesOn(db: Database, o: { failBrainOnce?: boolean; planTtlMs?: number } = {}) {
  let asked = 0;
  let fail = o.failBrainOnce ?? false;
  const services: CallServices = createCallServices({
    db,
    brain: {
      async voiceSession(): Promise<VoiceSession> {
        asked++;
        if (fail) {
          fail = false;
          throw new Error('brain down');
        }
        return { instructions: 'את העוזרת', tools: [], voice: 'marin', greeting: 'שלום' };
      },
      executeTool: async () => {
        throw new Error('unused');
      },
      remember: async () => {},
    },
    log: createLogger('silent'),
    fallbackVoice: 'cedar',
    model: 'gpt-realtime',
    planTtlMs: o.planTtlMs,
  });
  return { services, asked: () => asked };
}

test("a business's calls share one prelude; saving its call settings is in the very next call", async () => {
  const { services, asked } = servicesOn(h.db);
  const first = await services.prepare(h.a.id, 'א');
  const second = await services.prepare(h.a.id, 'א');
  expect(second).toBe(first); // no round trip for the second call
  expect(asked()).toBe(1);
  expect(first.vad.thresholdDb).toBeUndefined();

  const put = await h.request('PUT', '/api/call-settings', {
    cookie: owner,
    body: { vad: { thresholdDb: 17 }, recordCalls: false },
  });
  expect(put.status).toBe(200);
  const after = await services.prepare(h.a.id, 'א');
  expect(after.vad.thresholdDb).toBe(17);
  expect(after.recordCalls).toBe(false);
  // Another business's kept prelude is not touched by it.
  const other = await services.prepare(h.b.id, 'ב');
  expect(await services.prepare(h.b.id, 'ב')).toBe(other);
});

test('a fallback prelude (the brain unreachable) serves its call but is not kept', async () => {
  const { services, asked } = servicesOn(h.db, { failBrainOnce: true });
  const degraded = await services.prepare(h.a.id, 'א');
  expect(degraded.greetingKey.text).toBe(''); // the apology, never the business's greeting
  const next = await services.prepare(h.a.id, 'א');
  expect(next.greetingKey.text).toBe('שלום');
  expect(asked()).toBe(2);
});

test('past its time to live the kept prelude answers at once while it is rebuilt', async () => {
  const { services, asked } = servicesOn(h.db, { planTtlMs: 0 });
  const first = await services.prepare(h.a.id, 'א');
  const stale = await services.prepare(h.a.id, 'א'); // expired: answered from what was kept
  expect(stale).toBe(first);
  await waitUntil(() => asked() === 2, 'the rebuild');
});

// The embedded database is one process's own: a second process needs PostgreSQL.
test.skipIf(!Bun.env.DATABASE_URL)(
  'a change announced by another process on the same database reaches this one',
  async () => {
    const second = await openSecondHandle(h.db);
    try {
      const { services, asked } = servicesOn(h.db);
      const kept = await services.prepare(h.a.id, 'א');
      expect(await businessChanges(h.db).listening).toBe(true);
      await businessChanges(second).announce(h.a.id); // "the other process" saved the assistant
      let rebuilt = kept;
      await waitUntil(async () => {
        rebuilt = await services.prepare(h.a.id, 'א');
        return rebuilt !== kept;
      }, 'the kept prelude forgotten over NOTIFY');
      expect(asked()).toBe(2);
    } finally {
      await second.close();
    }
  },
);
