import { expect, test } from 'bun:test';
import type { Boom } from '@hapi/boom';
import {
  type AuthenticationState,
  type BaileysEventMap,
  DisconnectReason,
  initAuthCreds,
  type WAMessage,
} from '@whiskeysockets/baileys';
import { createLogger } from '../../lib/logger';
import { rejectionOf } from '../../test/settle';
import type { BaileysSocket } from '../../whatsapp/baileys/sessions';
import { waitUntil } from '../wait';
import { createFakeWhatsApp } from './fake-whatsapp';

const BIZ = '00000000-0000-4000-8000-000000000001';
const logger = createLogger('silent');

const freshAuth = (): AuthenticationState => ({
  creds: initAuthCreds(),
  keys: { get: async () => ({}), set: async () => {} },
});
const linkedAuth = (): AuthenticationState => {
  const auth = freshAuth();
  auth.creds.me = { id: '972501234567:2@s.whatsapp.net', name: 'Salon' };
  auth.creds.registered = true;
  return auth;
};

function record(sock: BaileysSocket) {
  const updates: BaileysEventMap['connection.update'][] = [];
  const upserts: BaileysEventMap['messages.upsert'][] = [];
  sock.ev.on('connection.update', (u) => updates.push(u));
  sock.ev.on('messages.upsert', (u) => upserts.push(u));
  const closeCode = () => {
    const close = updates.find((u) => u.connection === 'close');
    return close ? (close.lastDisconnect?.error as Boom | undefined)?.output.statusCode : undefined;
  };
  return { updates, upserts, closeCode };
}

const connect = (fake: ReturnType<typeof createFakeWhatsApp>, auth: AuthenticationState) =>
  fake.factory({ businessId: BIZ, auth, logger, getMessage: async () => undefined });

test('an unlinked device is shown a QR; scanning links it and WhatsApp asks for a restart (515)', async () => {
  const fake = createFakeWhatsApp();
  const auth = freshAuth();
  const sock = connect(fake, auth);
  const events = record(sock);
  await waitUntil(() => events.updates.some((u) => u.qr), 'a QR');
  expect(events.updates[0]?.connection).toBe('connecting');
  expect(events.updates[1]?.qr).toStartWith('2@');
  expect(fake.isOpen(BIZ)).toBe(false);

  fake.scan(BIZ, '+972501234567');
  expect(auth.creds.me?.id).toMatch(/^972501234567:\d+@s\.whatsapp\.net$/);
  expect(auth.creds.registered).toBe(true);
  expect(events.closeCode()).toBe(DisconnectReason.restartRequired);
});

test('a linked device opens, sends texts as WAMessages and receives customers messages', async () => {
  const fake = createFakeWhatsApp();
  const sock = connect(fake, linkedAuth());
  const events = record(sock);
  await waitUntil(() => fake.isOpen(BIZ), 'the socket to open');
  expect(events.updates.map((u) => u.connection)).toEqual(['connecting', 'open']);
  expect(sock.user?.id).toBe('972501234567:2@s.whatsapp.net');

  const msg = await sock.sendMessage('972521112222@s.whatsapp.net', { text: 'שלום' });
  expect(msg?.key).toMatchObject({ remoteJid: '972521112222@s.whatsapp.net', fromMe: true });
  expect(msg?.key.id).toMatch(/^3EB0[0-9A-F]{18}$/);
  expect(msg?.message?.extendedTextMessage?.text).toBe('שלום');
  expect(fake.sent).toEqual([
    { businessId: BIZ, jid: '972521112222@s.whatsapp.net', text: 'שלום', id: msg?.key.id ?? '' },
  ]);
  await waitUntil(() => events.upserts.length === 1, 'the own message echoed');
  expect(events.upserts[0]?.type).toBe('append');

  fake.receive(BIZ, '+972521112222', 'מתי אתם פתוחים?');
  const incoming = events.upserts[1];
  expect(incoming?.type).toBe('notify');
  const m = incoming?.messages[0] as WAMessage;
  expect(m.key).toMatchObject({ remoteJid: '972521112222@s.whatsapp.net', fromMe: false });
  expect(m.key.id).toBeString();
  expect(m.message?.conversation).toBe('מתי אתם פתוחים?');
  expect(m.messageTimestamp).toBeNumber();
  expect(m.pushName).toBeString();
});

test('sending on a socket that is not open fails with 428 Connection Closed', async () => {
  const fake = createFakeWhatsApp();
  const sock = connect(fake, linkedAuth());
  const failure = sock.sendMessage('972521112222@s.whatsapp.net', { text: 'too early' });
  expect(await rejectionOf(failure)).toMatchObject({
    output: { statusCode: DisconnectReason.connectionClosed },
  });
  expect(fake.sent).toEqual([]);
});

test('logout closes with 401, drop with the code given, and a closed socket stays silent', async () => {
  const fake = createFakeWhatsApp();
  const first = connect(fake, linkedAuth());
  const a = record(first);
  await waitUntil(() => fake.isOpen(BIZ), 'the socket to open');
  await first.logout();
  expect(a.closeCode()).toBe(DisconnectReason.loggedOut);
  expect(fake.isOpen(BIZ)).toBe(false);
  expect(() => fake.receive(BIZ, '+972521112222', 'hello?')).toThrow();

  const second = connect(fake, linkedAuth());
  const b = record(second);
  await waitUntil(() => fake.isOpen(BIZ), 'the socket to open');
  fake.drop(BIZ, DisconnectReason.connectionClosed);
  expect(b.closeCode()).toBe(DisconnectReason.connectionClosed);
  expect(b.updates.filter((u) => u.connection === 'close')).toHaveLength(1);
});

test('a second connection with the same linked creds replaces the first (440)', async () => {
  const fake = createFakeWhatsApp();
  const auth = linkedAuth();
  const first = connect(fake, auth);
  const a = record(first);
  await waitUntil(() => fake.isOpen(BIZ), 'the socket to open');
  connect(fake, auth);
  expect(a.closeCode()).toBe(DisconnectReason.connectionReplaced);
  await waitUntil(() => fake.isOpen(BIZ), 'the socket to open');
});

test('an unscanned QR is replaced on a timer and given up with 408', async () => {
  const fake = createFakeWhatsApp({ qrRefreshMs: 10, qrRefs: 3 });
  const sock = connect(fake, freshAuth());
  const events = record(sock);
  await waitUntil(() => events.closeCode() !== undefined, 'the socket to close');
  const qrs = events.updates.flatMap((u) => (u.qr ? [u.qr] : []));
  expect(qrs).toHaveLength(3);
  expect(new Set(qrs).size).toBe(3);
  expect(events.closeCode()).toBe(DisconnectReason.timedOut);
});

test('demo mode scans every QR by itself', async () => {
  const fake = createFakeWhatsApp({ autoPair: { afterMs: 5, phoneNumber: '+972501234567' } });
  const auth = freshAuth();
  const events = record(connect(fake, auth));
  await waitUntil(() => events.closeCode() !== undefined, 'the socket to close');
  expect(events.closeCode()).toBe(DisconnectReason.restartRequired);
  expect(auth.creds.me?.id).toStartWith('972501234567:');
});
