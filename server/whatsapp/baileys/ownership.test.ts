/**
 * One server at a time per WhatsApp Web account: with two (fly runs two machines), the second
 * leaves a live owner's session alone and takes it over the moment that owner dies.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { jobs, outboxMessages } from '../../../db/schema';
import type { Database } from '../../db/database';
import { createJobHandlers } from '../../jobs/handlers';
import { createJobRunner } from '../../jobs/runner';
import { createLogger } from '../../lib/logger';
import { outboxMessaging } from '../../reminders/messaging';
import { waitUntil } from '../../standins/wait';
import { HOOK_TIMEOUT_MS, openSecondHandle } from '../../test/database';
import { createCarrier } from '../carrier';
import { whatsappDeliverJob } from '../deliver';
import { createMetaClient } from '../meta/graph-client';
import {
  baileysBusiness,
  channel,
  link,
  openFixture,
  qrOf,
  type Rig,
  rig,
  type SessionsFixture,
  statusIs,
  storedKeyCount,
} from './sessions-fixture';

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
    await b.sessions.start(biz); // asked of the wrong server: the owner is told, nothing opens here
    expect(bSockets).not.toContain(biz);

    // The owner's process dies: its database session, and with it its advisory lock, ends.
    await otherDb.close();
    await waitUntil(() => bSockets.includes(biz), 'the session taken over', { timeoutMs: 10_000 });
    await waitUntil(() => owner.fake.isOpen(biz), 'the taken-over socket open');
    expect((await channel(f.db, biz)).status).toBe('connected');
    await b.sessions.stopAll();
  },
);

/** One server's job runner, delivering WhatsApp messages through its own sessions. */
function deliveryRunner(db: Database, r: Rig) {
  const meta = createMetaClient({ baseUrl: 'http://127.0.0.1:9', apiVersion: 'v23.0' });
  const carrier = createCarrier({ box: f.box, meta, sessions: r.sessions });
  const log = createLogger('silent');
  const deliver = whatsappDeliverJob({ carrier, log, ownerElsewhere: r.sessions.ownerElsewhere });
  return createJobRunner({ db, log, handlers: createJobHandlers({ messaging: outboxMessaging, deliver }) });
}

test.skipIf(!Bun.env.DATABASE_URL)(
  'what is asked of a server that does not own the session is done by the owner: re-link, send, unlink',
  async () => {
    const biz = await baileysBusiness(f.db);
    const otherDb = await openSecondHandle(f.db);
    const ownerFixture = { db: otherDb, box: f.box, close: async () => {} };
    const owner = rig(ownerFixture);
    await owner.sessions.resumeAll(); // listening for the other servers' requests
    await link(ownerFixture, owner, biz);
    const bSockets: string[] = [];
    const b = rig(f, { fake: owner.fake, onSocket: (id) => bSockets.push(id) });
    await b.sessions.resumeAll();
    try {
      // The phone linked another WhatsApp Web (440); staff press "connect" on a page served by b.
      owner.fake.drop(biz, 440);
      await statusIs(f.db, biz, 'disconnected');
      await b.sessions.start(biz);
      await statusIs(f.db, biz, 'connected'); // reopened by the owner, from its kept keys
      expect(bSockets).not.toContain(biz);

      // A reply queued and claimed by b is sent by the owner, its attempt not counted twice.
      await f.db.withTenant(biz, (tx) =>
        outboxMessaging.send(tx, biz, {
          channel: 'whatsapp',
          toPhone: '+972521112222',
          body: 'נשלח מהשרת של החיבור',
          dedupeKey: `routed:${biz}`,
        }),
      );
      while ((await deliveryRunner(f.db, b).runOnce()) > 0) {}
      const [handed] = await f.db.withSystem((tx) =>
        tx.select().from(jobs).where(eq(jobs.kind, 'whatsapp.deliver')),
      );
      expect(handed?.status).toBe('queued');
      expect(handed?.forSession).toBe(await otherDb.liveness.current());
      expect(owner.fake.sent.some((m) => m.businessId === biz)).toBe(false);
      while ((await deliveryRunner(otherDb, owner).runOnce()) > 0) {}
      const sent = owner.fake.sent.filter((m) => m.businessId === biz);
      expect(sent.map((m) => m.text)).toEqual(['נשלח מהשרת של החיבור']);
      const [row] = await f.db.withTenant(biz, (tx) =>
        tx.select().from(outboxMessages).where(eq(outboxMessages.businessId, biz)),
      );
      expect(row?.status).toBe('sent');
      expect(row?.attempts).toBe(1);

      // Unlinked from b: the owner logs out and closes its socket; no keys are left.
      await b.sessions.unlink(biz);
      await waitUntil(() => !owner.fake.isOpen(biz), "the owner's socket closed");
      await waitUntil(async () => (await storedKeyCount(f.db, biz)) === 0, 'no stored keys');
      expect((await channel(f.db, biz)).status).toBe('not_connected');
      expect(await qrOf(f.db, biz)).toBeNull();
    } finally {
      await b.sessions.stopAll();
      await owner.sessions.stopAll();
      await otherDb.close();
    }
  },
);
