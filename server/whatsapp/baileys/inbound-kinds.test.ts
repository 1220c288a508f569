/**
 * Baileys' own message shapes for every kind, through the fake WhatsApp Web's socket: each is
 * recorded in its conversation with its kind, words and data; a group's is recorded, not answered.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { WAMessage } from '@whiskeysockets/baileys';
import { eq } from 'drizzle-orm';
import { inboundMessages } from '../../../db/schema';
import { waitUntil } from '../../standins/wait';
import { HOOK_TIMEOUT_MS } from '../../test/database';
import { type InboundRig, openInboundRig } from '../inbound-fixture';
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
async function arrive(content: WAMessage['message'], key: Partial<WAMessage['key']> = {}) {
  const id = `3EB0KIND${++n}`;
  rig.h.whatsapp.fake.deliver(rig.h.b.id, {
    key: { remoteJid: '972546004001@s.whatsapp.net', fromMe: false, id, ...key },
    message: content,
    messageTimestamp: Math.floor(Date.now() / 1000),
    pushName: 'לקוחה',
  });
  await waitUntil(async () => Boolean(await row(id)), `message ${id} recorded`);
  return (await row(id)) as NonNullable<Awaited<ReturnType<typeof row>>>;
}

test('every kind in Baileys’ shape is recorded with its words and data', async () => {
  expect(await arrive({ imageMessage: { caption: 'הצבע הזה', mimetype: 'image/jpeg' } })).toMatchObject({
    kind: 'image',
    body: 'הצבע הזה',
    mediaStatus: 'pending',
  });
  expect(
    await arrive({ audioMessage: { ptt: true, mimetype: 'audio/ogg; codecs=opus', seconds: 3 } }),
  ).toMatchObject({ kind: 'voice', transcriptStatus: 'pending' });
  expect(
    await arrive({ documentMessage: { fileName: 'הזמנה.pdf', mimetype: 'application/pdf' } }),
  ).toMatchObject({ kind: 'document' });
  expect(
    await arrive({ locationMessage: { degreesLatitude: 32.08, degreesLongitude: 34.78, name: 'עזריאלי' } }),
  ).toMatchObject({ kind: 'location', body: '📍 עזריאלי' });
  expect(
    await arrive({
      contactMessage: {
        displayName: 'דנה',
        vcard: 'BEGIN:VCARD\nFN:דנה\nTEL;type=CELL;waid=972541234567:+972 54-123-4567\nEND:VCARD',
      },
    }),
  ).toMatchObject({ kind: 'contacts' });
  expect(
    await arrive({ buttonsResponseMessage: { selectedButtonId: 'b1', selectedDisplayText: 'מחר בבוקר' } }),
  ).toMatchObject({ kind: 'interactive', body: 'מחר בבוקר' });
  expect(
    await arrive({ listResponseMessage: { title: 'תספורת', singleSelectReply: { selectedRowId: 'r1' } } }),
  ).toMatchObject({ kind: 'interactive', body: 'תספורת' });
  expect(
    await arrive({ templateButtonReplyMessage: { selectedId: 'ok', selectedDisplayText: 'כן, מאשר' } }),
  ).toMatchObject({ kind: 'button', body: 'כן, מאשר' });
  expect(await arrive({ reactionMessage: { key: { id: '3EB0KIND1' }, text: '👍' } })).toMatchObject({
    kind: 'reaction',
    handling: 'none',
  });
  const group = await arrive(
    { conversation: 'שלום לכולם' },
    { remoteJid: '120363041234567890@g.us', participant: '972546004002@s.whatsapp.net' },
  );
  expect(group).toMatchObject({ handling: 'none', senderName: 'לקוחה' });
  const first = await row('3EB0KIND1');
  expect(group.conversationId).not.toBe(first?.conversationId ?? null);
});
