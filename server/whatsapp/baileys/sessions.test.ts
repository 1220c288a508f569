import { afterAll, beforeAll, expect, test } from 'bun:test';
import { waitUntil } from '../../standins/wait';
import { HOOK_TIMEOUT_MS } from '../../test/database';
import { rejected } from '../../test/settle';
import { recordStatus } from '../channels';
import { createDbAuthState } from './auth-state';
import {
  baileysBusiness,
  channel,
  channelBecomes,
  disconnectedEvents,
  link,
  openFixture,
  qrOf,
  rig,
  type SessionsFixture,
  sendFailure,
  statusIs,
  storedKeyCount,
} from './sessions-fixture';

let f: SessionsFixture;
beforeAll(async () => {
  f = await openFixture();
}, HOOK_TIMEOUT_MS);
afterAll(() => f.close());

test('pairing: a QR while pairing, a scan, the 515 restart, then connected with the phone number', async () => {
  const biz = await baileysBusiness(f.db);
  // A backoff this long would time the test out: the restart after the scan must be at once.
  const r = rig(f, { reconnectDelaysMs: [60_000] });
  expect(await qrOf(f.db, biz)).toBeNull();
  await r.sessions.start(biz);
  const pairing = await channelBecomes(f.db, biz, (c) => c.status === 'pairing', 'pairing');
  expect(pairing.statusReason).toBeNull();
  expect(await qrOf(f.db, biz)).toStartWith('2@');

  r.fake.scan(biz, '+972501234567');
  const connected = await statusIs(f.db, biz, 'connected');
  expect(connected.phoneNumber).toBe('+972501234567');
  expect(await qrOf(f.db, biz)).toBeNull();
  expect(r.fake.isOpen(biz)).toBe(true);
  expect(await disconnectedEvents(f.db, biz)).toEqual([]);
  await r.sessions.stopAll();
  expect(r.fake.isOpen(biz)).toBe(false);

  // Another process (or this one restarted) resumes from the stored creds: no QR again.
  const next = rig(f, { fake: r.fake });
  await next.sessions.resumeAll();
  await waitUntil(() => r.fake.isOpen(biz), 'the resumed socket to open');
  expect(await qrOf(f.db, biz)).toBeNull();
  const resumed = await channel(f.db, biz);
  expect(resumed.status).toBe('connected');
  expect(resumed.statusChangedAt).toEqual(connected.statusChangedAt);
  await next.sessions.stopAll();
});

test('sends a text on the open socket and can hand the message back for a retry', async () => {
  const biz = await baileysBusiness(f.db);
  const r = rig(f);
  await link(f, r, biz);
  const result = await r.sessions.send(biz, { to: '+972521112222', body: 'התור שלך מחר ב-10:00' });
  expect(result.messageId).toMatch(/^3EB0/);
  expect(r.fake.sent).toEqual([
    {
      businessId: biz,
      jid: '972521112222@s.whatsapp.net',
      text: 'התור שלך מחר ב-10:00',
      id: result.messageId,
    },
  ]);
  const original = await r.getMessage(biz)({
    remoteJid: '972521112222@s.whatsapp.net',
    id: result.messageId,
  });
  expect(original?.extendedTextMessage?.text).toBe('התור שלך מחר ב-10:00');
  expect(await r.getMessage(biz)({ id: 'unknown' })).toBeUndefined();

  expect(await sendFailure(r.sessions.send(biz, { to: 'not a number', body: 'x' }))).toBe('permanent');
  await r.sessions.stopAll();
});

test('a send is "retry" when the socket is not open: not started here, pairing, or reconnecting', async () => {
  const biz = await baileysBusiness(f.db);
  const r = rig(f, { reconnectDelaysMs: [200] });
  const message = { to: '+972521112222', body: 'hello' };
  expect(await sendFailure(r.sessions.send(biz, message))).toBe('retry');

  await r.sessions.start(biz);
  await statusIs(f.db, biz, 'pairing');
  expect(await sendFailure(r.sessions.send(biz, message))).toBe('retry');

  r.fake.scan(biz, '+972501234567');
  await statusIs(f.db, biz, 'connected');
  r.fake.drop(biz, 428);
  expect(await sendFailure(r.sessions.send(biz, message))).toBe('retry');
  expect(r.fake.sent).toEqual([]);
  await r.sessions.stopAll();
});

test('unlink logs the device out, deletes the keys and leaves the channel not connected', async () => {
  const biz = await baileysBusiness(f.db);
  const r = rig(f);
  await link(f, r, biz);
  expect(await storedKeyCount(f.db, biz)).toBeGreaterThan(0);

  await r.sessions.unlink(biz);
  expect(r.fake.isOpen(biz)).toBe(false);
  expect(await storedKeyCount(f.db, biz)).toBe(0);
  await Bun.sleep(50); // the logout's own 401 close must change nothing
  const row = await channel(f.db, biz);
  expect(row.status).toBe('not_connected');
  expect(row.statusReason).toBeNull();
  // Unlinking is the staff's own act: nobody is alarmed.
  expect(await disconnectedEvents(f.db, biz)).toEqual([]);
  expect(await sendFailure(r.sessions.send(biz, { to: '+972521112222', body: 'x' }))).toBe('retry');

  // Linking again starts from a fresh device: a new QR.
  await r.sessions.start(biz);
  await channelBecomes(f.db, biz, (c) => c.status === 'pairing' && !!c.pairingQr, 'a new QR');
  await r.sessions.unlink(biz);
  expect(await qrOf(f.db, biz)).toBeNull();
  expect((await channel(f.db, biz)).status).toBe('not_connected');
});

test('resumeAll leaves alone channels never linked or unlinked, and ends pairings cut short', async () => {
  const neverStarted = await baileysBusiness(f.db, 'never started');
  const unlinked = await baileysBusiness(f.db, 'unlinked');
  const midPairing = await baileysBusiness(f.db, 'mid pairing');
  const midPairingSaved = await baileysBusiness(f.db, 'mid pairing, creds saved');
  const r = rig(f);
  await link(f, r, unlinked);
  await r.sessions.unlink(unlinked);
  await r.sessions.start(midPairing);
  await statusIs(f.db, midPairing, 'pairing');
  // Baileys may save its fresh (unlinked) creds while pairing, e.g. on a routing update.
  const saving = await createDbAuthState({ db: f.db, box: f.box, businessId: midPairingSaved });
  await saving.saveCreds();
  await f.db.withTenant(midPairingSaved, (tx) =>
    recordStatus(tx, midPairingSaved, { status: 'pairing' }, new Date()),
  );
  await r.sessions.stopAll();

  const next = rig(f, { fake: r.fake });
  await next.sessions.resumeAll();
  await Bun.sleep(50);
  for (const biz of [neverStarted, unlinked, midPairing, midPairingSaved])
    expect(r.fake.isOpen(biz)).toBe(false);
  expect((await channel(f.db, neverStarted)).status).toBe('not_connected');
  expect((await channel(f.db, unlinked)).status).toBe('not_connected');
  for (const biz of [midPairing, midPairingSaved]) {
    const row = await channel(f.db, biz);
    expect([row.status, row.statusReason]).toEqual(['not_connected', 'pairing_interrupted']);
    expect(await qrOf(f.db, biz)).toBeNull();
  }
  expect(await storedKeyCount(f.db, midPairingSaved)).toBe(0);
  await next.sessions.stopAll();
});

test('starting a business that is not on Baileys is refused', async () => {
  const r = rig(f);
  expect(await rejected(r.sessions.start(crypto.randomUUID()))).toThrow('not found');
});
