/** What each kind of dropped connection does to the channel, the stored keys and the staff. */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { DisconnectReason } from '@whiskeysockets/baileys';
import { waitUntil } from '../../standins/wait';
import { HOOK_TIMEOUT_MS } from '../../test/database';
import {
  baileysBusiness,
  capturingLog,
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

test('logged out on the phone (401): disconnected, keys deleted, the staff told, no reconnect', async () => {
  const biz = await baileysBusiness(f.db);
  const { log, lines } = capturingLog();
  const r = rig(f, { log });
  await link(f, r, biz);
  expect(await storedKeyCount(f.db, biz)).toBeGreaterThan(0);

  r.fake.drop(biz, DisconnectReason.loggedOut);
  const row = await statusIs(f.db, biz, 'disconnected');
  expect(row.statusReason).toBe('logged_out (401)');
  expect(await storedKeyCount(f.db, biz)).toBe(0);
  expect(await disconnectedEvents(f.db, biz)).toEqual([
    expect.objectContaining({ type: 'whatsapp.disconnected', reason: 'logged_out (401)' }),
  ]);
  await Bun.sleep(100);
  expect(r.fake.isOpen(biz)).toBe(false);
  expect(await sendFailure(r.sessions.send(biz, { to: '+972521112222', body: 'x' }))).toBe('disconnected');

  const drops = lines.filter((l) => l.msg === 'whatsapp connection closed');
  expect(drops.map((l) => [l.businessId, l.code])).toEqual([
    [biz, 515], // the restart right after the scan
    [biz, 401],
  ]);
  expect(JSON.stringify(lines)).not.toContain('noiseKey');

  // Relinking starts over with a QR.
  await r.sessions.start(biz);
  await channelBecomes(f.db, biz, (c) => c.status === 'pairing' && !!c.pairingQr, 'a new QR');
  await r.sessions.stopAll();
});

test('a bad session (500) is cleared like a logout; forbidden (403) keeps the keys', async () => {
  const bad = await baileysBusiness(f.db);
  const banned = await baileysBusiness(f.db);
  const r = rig(f);
  await link(f, r, bad);
  await link(f, r, banned, '+972509998888');
  r.fake.drop(bad, DisconnectReason.badSession);
  r.fake.drop(banned, DisconnectReason.forbidden);
  expect((await statusIs(f.db, bad, 'disconnected')).statusReason).toBe('bad_session (500)');
  expect((await statusIs(f.db, banned, 'disconnected')).statusReason).toBe('forbidden (403)');
  expect(await storedKeyCount(f.db, bad)).toBe(0);
  expect(await storedKeyCount(f.db, banned)).toBeGreaterThan(0);
  await r.sessions.stopAll();
});

test('a blip (428) reconnects quietly: the channel never shows disconnected', async () => {
  const biz = await baileysBusiness(f.db);
  const r = rig(f, { reconnectDelaysMs: [30] });
  const before = await link(f, r, biz);
  r.fake.drop(biz, DisconnectReason.connectionClosed);
  await waitUntil(() => !r.fake.isOpen(biz), 'the drop');
  await waitUntil(() => r.fake.isOpen(biz), 'the reconnect');
  await Bun.sleep(30);
  const after = await channel(f.db, biz);
  expect(after.status).toBe('connected');
  // Had it gone disconnected and back, the status would carry a newer change time.
  expect(after.statusChangedAt).toEqual(before.statusChangedAt);
  expect(await disconnectedEvents(f.db, biz)).toEqual([]);
  const sent = await r.sessions.send(biz, { to: '+972521112222', body: 'back' });
  expect(sent.messageId).toBeString();
  await r.sessions.stopAll();
});

test('an outage that lasts shows disconnected and tells the staff, then connected again', async () => {
  const biz = await baileysBusiness(f.db);
  const r = rig(f, { reconnectDelaysMs: [300], alarmAfterMs: 20 });
  await link(f, r, biz);
  r.fake.drop(biz, DisconnectReason.connectionLost);
  const down = await statusIs(f.db, biz, 'disconnected');
  expect(down.statusReason).toBe('connection_lost (408)');
  expect(await disconnectedEvents(f.db, biz)).toHaveLength(1);
  expect(await sendFailure(r.sessions.send(biz, { to: '+972521112222', body: 'x' }))).toBe('retry');
  const up = await statusIs(f.db, biz, 'connected');
  expect(up.statusReason).toBeNull();
  await r.sessions.stopAll();
});

test('while WhatsApp stays unreachable, reconnects back off along the delays and keep the last', async () => {
  const biz = await baileysBusiness(f.db);
  let unreachable = false;
  const attempts: number[] = [];
  const r = rig(f, {
    reconnectDelaysMs: [20, 60, 120],
    onSocket: (id) => {
      if (id !== biz || !unreachable) return;
      attempts.push(performance.now());
      // After the session subscribed, before the socket would open: the connection fails.
      queueMicrotask(() => r.fake.drop(biz, DisconnectReason.unavailableService));
    },
  });
  const before = await link(f, r, biz);
  unreachable = true;
  const droppedAt = performance.now();
  r.fake.drop(biz, DisconnectReason.unavailableService);
  await waitUntil(() => attempts.length >= 4, 'four failed attempts');
  unreachable = false;
  const gaps = attempts.map((t, i) => t - (i === 0 ? droppedAt : (attempts[i - 1] ?? 0)));
  // Timers never fire early; a loaded machine may fire them late, so only the floors are checked.
  expect(gaps[0]).toBeGreaterThanOrEqual(18);
  expect(gaps[1]).toBeGreaterThanOrEqual(58);
  expect(gaps[2]).toBeGreaterThanOrEqual(118);
  expect(gaps[3]).toBeGreaterThanOrEqual(118);
  await waitUntil(() => r.fake.isOpen(biz), 'the reconnect once reachable', { timeoutMs: 5000 });
  // Under the alarm's two minutes, the staff were never bothered.
  expect((await channel(f.db, biz)).statusChangedAt).toEqual(before.statusChangedAt);
  await r.sessions.stopAll();
});

test('replaced by another connection (440): disconnected, no reconnect, keys kept for a re-link', async () => {
  const biz = await baileysBusiness(f.db);
  const r = rig(f, { reconnectDelaysMs: [10] });
  await link(f, r, biz);
  r.fake.drop(biz, DisconnectReason.connectionReplaced);
  const row = await statusIs(f.db, biz, 'disconnected');
  expect(row.statusReason).toBe('connection_replaced (440)');
  await Bun.sleep(100);
  expect(r.fake.isOpen(biz)).toBe(false);
  expect(await storedKeyCount(f.db, biz)).toBeGreaterThan(0);
  expect(await sendFailure(r.sessions.send(biz, { to: '+972521112222', body: 'x' }))).toBe('disconnected');

  // The staff choose to take it back here: it opens from the kept keys, without a QR.
  await r.sessions.start(biz);
  await statusIs(f.db, biz, 'connected');
  expect(await qrOf(f.db, biz)).toBeNull();
  await r.sessions.stopAll();
});

test('a QR nobody scans ends the pairing (408) without retrying', async () => {
  const biz = await baileysBusiness(f.db);
  const r = rig(f, { fakeOptions: { qrRefreshMs: 10, qrRefs: 2 }, reconnectDelaysMs: [10] });
  await r.sessions.start(biz);
  await statusIs(f.db, biz, 'pairing');
  const row = await statusIs(f.db, biz, 'not_connected');
  expect(row.statusReason).toBe('connection_lost (408)');
  expect(await qrOf(f.db, biz)).toBeNull();
  await Bun.sleep(50);
  expect((await channel(f.db, biz)).status).toBe('not_connected');
  expect(await storedKeyCount(f.db, biz)).toBe(0);
  await r.sessions.stopAll();
});
