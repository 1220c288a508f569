/**
 * Customers' messages over WhatsApp Web (the fake behind Baileys' socket) reaching the
 * assistant and its reply going back on the same socket; and which socket messages are
 * a customer writing at all.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { WAMessage } from '@whiskeysockets/baileys';
import { eq } from 'drizzle-orm';
import { outboxMessages } from '../../db/schema';
import { waitUntil } from '../standins/wait';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { inboundOf, inboundOfUpsert } from './baileys/inbound-messages';
import { qrOf } from './baileys/sessions-fixture';
import { ASSISTANT_REPLY, type InboundRig, openInboundRig } from './inbound-fixture';

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

const sentTo = (phone: string) =>
  rig.h.whatsapp.fake.sent.filter(
    (m) => m.businessId === rig.h.b.id && m.jid === `${phone.slice(1)}@s.whatsapp.net`,
  );

describe('a customer writes to a Baileys-linked number', () => {
  test("the assistant's reply goes back on the business's WhatsApp, once", async () => {
    const { h } = rig;
    const before = (await rig.inboundJobs(h.b.id)).length;
    h.whatsapp.fake.receive(h.b.id, '+972546002001', 'שלום, מה שעות הפתיחה?');
    await waitUntil(async () => (await rig.inboundJobs(h.b.id)).length > before, 'the inbound job');
    await rig.drain();
    expect(sentTo('+972546002001').map((m) => m.text)).toEqual([ASSISTANT_REPLY]);

    // Our own reply comes back from the socket as an 'append': it is not answered.
    await Bun.sleep(50);
    await rig.drain();
    expect((await rig.inboundJobs(h.b.id)).length).toBe(before + 1);
    expect(sentTo('+972546002001')).toHaveLength(1);
  });

  test('a job run again after its reply was queued does not queue a second reply', async () => {
    const { h } = rig;
    const inbound = h.whatsapp.inbound;
    if (!inbound) throw new Error('the harness was built without a brain');
    const [job] = (await rig.inboundJobs(h.b.id)).filter((j) => j.payload.from === '+972546002001');
    if (!job) throw new Error('no inbound job');
    await inbound.detached(job, new Date());
    await rig.drain();
    const replies = await h.db.withTenant(h.b.id, (tx) =>
      tx.select().from(outboxMessages).where(eq(outboxMessages.toPhone, '+972546002001')),
    );
    expect(replies).toHaveLength(1);
    expect(sentTo('+972546002001')).toHaveLength(1);
  });
});

describe("the conversation on the customer's lead", () => {
  test('a new number becomes one lead (source whatsapp) whose timeline holds both sides', async () => {
    const { h } = rig;
    const owner = await h.login(h.b.users.owner.email);
    h.whatsapp.fake.receive(h.b.id, '+972546002002', 'היי, אפשר לקבוע תור?');
    await waitUntil(
      async () => (await rig.inboundJobs(h.b.id)).some((j) => j.payload.from === '+972546002002'),
      'the first inbound job',
    );
    await rig.drain();
    h.whatsapp.fake.receive(h.b.id, '+972546002002', 'ועוד שאלה');
    await waitUntil(
      async () =>
        (await rig.inboundJobs(h.b.id)).filter((j) => j.payload.from === '+972546002002').length === 2,
      'the second inbound job',
    );
    await rig.drain();

    const found = await h.request('GET', '/api/leads?q=546002002', { cookie: owner });
    const { leads } = (await found.json()) as { leads: { id: string; source: string }[] };
    expect(leads.length).toBe(1);
    expect(leads[0]?.source).toBe('whatsapp');
    const res = await h.request('GET', `/api/leads/${leads[0]?.id}/timeline`, { cookie: owner });
    const { timeline } = (await res.json()) as {
      timeline: { kind: string; data: { direction: string; body: string | null; status?: string } }[];
    };
    const messages = timeline.filter((e) => e.kind === 'message').map((e) => e.data);
    expect(messages.filter((m) => m.direction === 'in').map((m) => m.body)).toEqual([
      'ועוד שאלה',
      'היי, אפשר לקבוע תור?',
    ]);
    const replies = messages.filter((m) => m.direction === 'out');
    expect(replies.map((m) => [m.body, m.status])).toEqual([
      [ASSISTANT_REPLY, 'sent'],
      [ASSISTANT_REPLY, 'sent'],
    ]);
  });
});

describe('which socket messages are a customer writing', () => {
  const message = (
    key: WAMessage['key'],
    content: WAMessage['message'] = { conversation: 'שלום' },
  ): WAMessage => ({
    key: { id: '3EB0ABC', fromMe: false, ...key },
    message: content,
  });

  test('a text from a person, by phone number or by LID with the number beside it', () => {
    expect(inboundOf(message({ remoteJid: '972546002002@s.whatsapp.net' }))).toMatchObject({
      provider: 'baileys',
      messageId: '3EB0ABC',
      from: '+972546002002',
      kind: 'text',
      text: 'שלום',
      groupId: null,
    });
    const lid = message(
      { remoteJid: '123456789012345@lid', remoteJidAlt: '972546002003@s.whatsapp.net' },
      { extendedTextMessage: { text: 'מה נשמע?' } },
    );
    expect(inboundOf(lid)).toMatchObject({ from: '+972546002003', text: 'מה נשמע?' });
  });

  test('text PostgreSQL cannot store is cleaned as it comes off the socket', () => {
    const dirty = message(
      { remoteJid: '972546002007@s.whatsapp.net' },
      { conversation: 'שלום\u0000 \ud83d עולם' },
    );
    expect(inboundOf(dirty)).toMatchObject({ text: 'שלום \ufffd עולם' });
  });

  test('a sticker is a message without text; a reaction is recorded on the message it is on', () => {
    const sticker = message(
      { remoteJid: '972546002004@s.whatsapp.net' },
      { stickerMessage: { mimetype: 'image/webp' } },
    );
    expect(inboundOf(sticker)).toMatchObject({ from: '+972546002004', kind: 'sticker', text: null });
    const reaction = message(
      { remoteJid: '972546002004@s.whatsapp.net' },
      { reactionMessage: { text: '👍', key: { id: 'x' } } },
    );
    expect(inboundOf(reaction)).toMatchObject({
      kind: 'reaction',
      details: { reaction: { messageId: 'x', emoji: '👍' } },
    });
  });

  test('a group message is recorded in the group, with its writer; a LID alone is a user id', () => {
    expect(
      inboundOf(
        message({ remoteJid: '120363041234567890@g.us', participant: '972546002005@s.whatsapp.net' }),
      ),
    ).toMatchObject({
      groupId: '120363041234567890@g.us',
      from: '+972546002005',
      senderName: '+972546002005',
    });
    expect(inboundOf(message({ remoteJid: '123456789012345@lid' }))).toMatchObject({
      from: null,
      fromUserId: '123456789012345@lid',
    });
  });

  test('our own messages, status updates and newsletters are ignored', () => {
    for (const key of [
      { remoteJid: '972546002005@s.whatsapp.net', fromMe: true },
      { remoteJid: 'status@broadcast', participant: '972546002005@s.whatsapp.net' },
      { remoteJid: '120363123456789012@newsletter' },
    ])
      expect(inboundOf(message(key))).toBeNull();
  });

  test("only 'notify' upserts are new messages (history and our own appends are not)", () => {
    const msg = message({ remoteJid: '972546002006@s.whatsapp.net' });
    expect(inboundOfUpsert({ messages: [msg], type: 'notify' })).toHaveLength(1);
    expect(inboundOfUpsert({ messages: [msg], type: 'append' })).toHaveLength(0);
  });
});
