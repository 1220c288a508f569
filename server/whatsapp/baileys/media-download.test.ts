/**
 * Baileys media end to end through the fake WhatsApp Web: a customer's voice note and photo
 * are uploaded encrypted to the fake's media servers, arrive in Baileys' own message shapes,
 * and the inbound job downloads and decrypts them with Baileys' downloadContentFromMessage,
 * keeps the bytes, transcribes the voice note and answers its words. A message whose media key
 * does not open its file is recorded as failed and still answered.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { WAMessage } from '@whiskeysockets/baileys';
import { eq } from 'drizzle-orm';
import { inboundMessages } from '../../../db/schema';
import { loadVoiceNote } from '../../standins/openai-rest/voice-notes';
import { waitUntil } from '../../standins/wait';
import { HOOK_TIMEOUT_MS } from '../../test/database';
import { ASSISTANT_REPLY, type InboundRig, openInboundRig } from '../inbound-fixture';
import { qrOf } from './sessions-fixture';

let rig: InboundRig;
beforeAll(async () => {
  rig = await openInboundRig();
  const { h } = rig;
  const owner = await h.login(h.b.users.owner.email);
  expect((await h.request('POST', '/api/whatsapp/baileys', { cookie: owner })).status).toBe(200);
  await waitUntil(() => qrOf(h.db, h.b.id), 'the QR code');
  h.whatsapp.fake.scan(h.b.id, h.b.phone);
  await waitUntil(() => h.whatsapp.fake.isOpen(h.b.id), 'the paired socket');
}, HOOK_TIMEOUT_MS);
afterAll(() => rig.close());

let n = 0;
const row = (id: string) =>
  rig.h.db.withTenant(
    rig.h.b.id,
    async (tx) =>
      (await tx.select().from(inboundMessages).where(eq(inboundMessages.providerMessageId, id)))[0],
  );
const sentTo = (digits: string) =>
  rig.h.whatsapp.fake.sent.filter((m) => m.businessId === rig.h.b.id && m.jid === `${digits}@s.whatsapp.net`);

/** The message arrives on the socket, is recorded, and the jobs (fetch, transcribe, answer) run. */
async function arrive(from: string, content: WAMessage['message']) {
  const id = `3EB0MEDIA${++n}`;
  rig.h.whatsapp.fake.deliver(rig.h.b.id, {
    key: { remoteJid: `${from}@s.whatsapp.net`, fromMe: false, id },
    message: content,
    messageTimestamp: Math.floor(Date.now() / 1000),
    pushName: 'לקוחה',
  });
  await waitUntil(async () => Boolean(await row(id)), `message ${id} recorded`);
  await rig.drain();
  return (await row(id)) as NonNullable<Awaited<ReturnType<typeof row>>>;
}

async function keptBytes(key: string | null) {
  const file = await rig.h.whatsapp.media.open(key ?? '');
  return file ? new Uint8Array(await file.arrayBuffer()) : null;
}

test('a voice note is downloaded, decrypted, kept, transcribed and answered from its words', async () => {
  const from = '972546005001';
  const note = await loadVoiceNote('voice-booking');
  const file = await rig.h.whatsapp.fake.media.upload(note.bytes, 'audio');
  const r = await arrive(from, {
    audioMessage: { ...file, ptt: true, mimetype: 'audio/ogg; codecs=opus', seconds: 3 },
  });
  expect(r).toMatchObject({
    kind: 'voice',
    mediaStatus: 'stored',
    mediaBytes: note.bytes.byteLength,
    transcriptStatus: 'done',
    transcript: note.words,
  });
  expect(await keptBytes(r.mediaKey)).toEqual(new Uint8Array(note.bytes));
  expect(rig.h.whatsapp.fake.media.fetches.get(new URL(file.url).pathname)).toBe(1);
  expect(JSON.stringify(rig.standin.requests.at(-1)?.body)).toContain(note.words);
  expect(sentTo(from).map((m) => m.text)).toEqual([ASSISTANT_REPLY]);
});

test('a photo is kept byte for byte with its caption answered', async () => {
  const from = '972546005002';
  // Any bytes: the media servers neither know nor care what the file is.
  const photo = new Uint8Array(70_001).map((_, i) => (i * 31) % 251);
  const file = await rig.h.whatsapp.fake.media.upload(photo, 'image');
  const r = await arrive(from, {
    imageMessage: { ...file, mimetype: 'image/jpeg', caption: 'יש לכם בצבע הזה?' },
  });
  expect(r).toMatchObject({
    kind: 'image',
    body: 'יש לכם בצבע הזה?',
    mediaStatus: 'stored',
    mediaMime: 'image/jpeg',
  });
  expect(await keptBytes(r.mediaKey)).toEqual(photo);
  expect(sentTo(from)).toHaveLength(1);
});

test('a media key that does not open the file: recorded as failed, nothing kept, the caption still answered', async () => {
  const from = '972546005003';
  const file = await rig.h.whatsapp.fake.media.upload(new Uint8Array(4096).fill(7), 'image');
  const wrongKey = new Uint8Array(32).fill(1);
  const r = await arrive(from, {
    imageMessage: { ...file, mediaKey: wrongKey, mimetype: 'image/jpeg', caption: 'מה דעתכם?' },
  });
  expect(r).toMatchObject({ kind: 'image', mediaStatus: 'failed', mediaKey: null });
  expect(sentTo(from)).toHaveLength(1);
});
