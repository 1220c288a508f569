/**
 * One server at a time per WhatsApp Web account: with two (fly runs two machines), the second
 * leaves a live owner's session alone and takes it over the moment that owner dies.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { ConflictError } from '../../lib/errors';
import { waitUntil } from '../../standins/wait';
import { HOOK_TIMEOUT_MS, openSecondHandle } from '../../test/database';
import { rejectionOf } from '../../test/settle';
import { baileysBusiness, channel, link, openFixture, rig, type SessionsFixture } from './sessions-fixture';

let f: SessionsFixture;
beforeAll(async () => {
  f = await openFixture();
}, HOOK_TIMEOUT_MS);
afterAll(() => f.close());

test('within one server its own sessions are its own: stopping gives them back, resuming takes them again', async () => {
  const biz = await baileysBusiness(f.db);
  const a = rig(f);
  await link(f, a, biz);
  await a.sessions.stopAll();
  expect((await channel(f.db, biz)).status).toBe('connected');
  const next = rig(f, { fake: a.fake });
  await next.sessions.resumeAll();
  await waitUntil(() => a.fake.isOpen(biz), 'the resumed socket');
  await next.sessions.stopAll();
});

// A second server needs a second database session: PostgreSQL (the embedded one is one process's).
test.skipIf(!Bun.env.DATABASE_URL)(
  "a second server leaves a live owner's session alone and takes it over once the owner dies",
  async () => {
    const biz = await baileysBusiness(f.db);
    const otherDb = await openSecondHandle(f.db);
    const owner = rig({ db: otherDb, box: f.box, close: () => otherDb.close() });
    await link({ db: otherDb, box: f.box, close: async () => {} }, owner, biz);

    const bSockets: string[] = [];
    const b = rig(f, { fake: owner.fake, takeoverEveryMs: 50, onSocket: (id) => bSockets.push(id) });
    await b.sessions.resumeAll();
    expect(bSockets).not.toContain(biz); // the owner is alive: no second socket to replace its own
    expect(await rejectionOf(b.sessions.start(biz))).toBeInstanceOf(ConflictError);

    // The owner's process dies: its database session, and with it its advisory lock, ends.
    await otherDb.close();
    await waitUntil(() => bSockets.includes(biz), 'the session taken over', { timeoutMs: 10_000 });
    await waitUntil(() => owner.fake.isOpen(biz), 'the taken-over socket open');
    expect((await channel(f.db, biz)).status).toBe('connected');
    await b.sessions.stopAll();
  },
);
