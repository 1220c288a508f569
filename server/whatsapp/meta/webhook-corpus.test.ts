/**
 * Meta's documented webhook payload shapes, each signed and POSTed as Meta does, with the
 * rows they leave and the replies they get: every message kind, username customers, a
 * number change, a group, statuses sent / delivered / read / failed (numeric and string
 * codes), and several entries × changes in one delivery.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { inboundMessages, leads, outboxMessages, whatsappConversations } from '../../../db/schema';
import {
  deliverWebhook,
  messagesChange,
  type WebhookTarget,
  webhookDelivery,
} from '../../standins/graph/index';
import { loadVoiceNote } from '../../standins/openai-rest/voice-notes';
import { HOOK_TIMEOUT_MS } from '../../test/database';
import { TEXT_ONLY_REPLY } from '../inbound';
import { ASSISTANT_REPLY, type InboundRig, linkMetaNumber, openInboundRig } from '../inbound-fixture';

const NUMBER_ID = '1098765432177';
const TOKEN = 'EAAG-test-token-of-business-a-corpus-01';

let rig: InboundRig;
let target: WebhookTarget;
beforeAll(async () => {
  rig = await openInboundRig();
  target = await linkMetaNumber(rig, {
    phoneNumberId: NUMBER_ID,
    accessToken: TOKEN,
    displayPhoneNumber: '+972 3-555-0177',
  });
}, HOOK_TIMEOUT_MS);
afterAll(() => rig.close());

let n = 0;
const wamid = () => `wamid.${randomBytes(18).toString('base64url')}`;
const digits = (e164: string) => e164.slice(1);
const now = () => String(Math.floor(Date.now() / 1000));
const customer = () => `+9725462${String(++n).padStart(5, '0')}`;
const contact = (from: string, name = 'לקוח') => ({ profile: { name }, wa_id: digits(from) });
const sentTo = (phone: string) => rig.h.whatsapp.graph.sent.filter((m) => m.to === phone);
const tenant = <T>(fn: Parameters<typeof rig.h.db.withTenant<T>>[1]) => rig.h.db.withTenant(rig.h.a.id, fn);
const row = async (id: string) =>
  (
    await tenant((tx) => tx.select().from(inboundMessages).where(eq(inboundMessages.providerMessageId, id)))
  )[0];
const conversation = async (id: string | null | undefined) =>
  (
    await tenant((tx) =>
      tx
        .select()
        .from(whatsappConversations)
        .where(eq(whatsappConversations.id, id ?? '')),
    )
  )[0];

/** One message from `from` (the 24-hour window opened), POSTed alone, then the jobs run. */
async function send(from: string, shape: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  rig.h.whatsapp.graph.customerWrote(NUMBER_ID, from);
  const m = { from: digits(from), id: wamid(), timestamp: now(), ...shape };
  const res = await deliverWebhook(
    target,
    webhookDelivery([messagesChange(NUMBER_ID, { contacts: [contact(from)], messages: [m], ...extra })]),
  );
  expect(res.status).toBe(200);
  await rig.drain();
  return m.id;
}

describe('every message kind Meta documents', () => {
  test('text: recorded in the contact’s conversation, unread, answered', async () => {
    const from = customer();
    const id = await send(from, { type: 'text', text: { body: 'שלום, מה המחיר?' } });
    const r = await row(id);
    expect(r).toMatchObject({
      kind: 'text',
      body: 'שלום, מה המחיר?',
      handling: 'assistant',
      fromPhone: from,
    });
    const c = await conversation(r?.conversationId);
    expect(c).toMatchObject({ contactPhone: from, contactName: 'לקוח', unreadCount: 1, aiState: 'on' });
    expect(c?.leadId).toBe(r?.leadId ?? 'none');
    expect(sentTo(from).map((s) => s.text)).toEqual([ASSISTANT_REPLY]);
    // The reply is in the same conversation, which now waits on the customer.
    const [reply] = await tenant((tx) =>
      tx.select().from(outboxMessages).where(eq(outboxMessages.toPhone, from)),
    );
    expect(reply?.conversationId).toBe(c?.id ?? 'none');
    expect((await conversation(c?.id))?.lastDirection).toBe('out');
  });

  test('image with a caption: the photo fetched from Graph and kept, the caption answered', async () => {
    const from = customer();
    const bytes = new Uint8Array(randomBytes(2048));
    rig.h.whatsapp.graph.addMedia({ id: '900001', bytes, mime: 'image/jpeg' });
    const id = await send(from, {
      type: 'image',
      image: { id: '900001', mime_type: 'image/jpeg', sha256: 'x', caption: 'זה הצבע שאני רוצה' },
    });
    const r = await row(id);
    expect(r).toMatchObject({
      kind: 'image',
      body: 'זה הצבע שאני רוצה',
      mediaStatus: 'stored',
      mediaMime: 'image/jpeg',
      mediaBytes: 2048,
    });
    const kept = await rig.h.whatsapp.media.open(r?.mediaKey ?? '');
    expect(new Uint8Array(await (kept as Blob).arrayBuffer())).toEqual(bytes);
    expect(sentTo(from)).toHaveLength(1);
  });

  test('a voice note: fetched, transcribed, answered from its words', async () => {
    const from = customer();
    const note = await loadVoiceNote('voice-booking');
    rig.h.whatsapp.graph.addMedia({ id: '900002', bytes: note.bytes, mime: 'audio/ogg' });
    const id = await send(from, {
      type: 'audio',
      audio: { id: '900002', mime_type: 'audio/ogg; codecs=opus', voice: true },
    });
    const r = await row(id);
    expect(r).toMatchObject({
      kind: 'voice',
      mediaStatus: 'stored',
      mediaMime: 'audio/ogg',
      transcript: note.words,
      transcriptStatus: 'done',
    });
    expect(JSON.stringify(rig.standin.requests.at(-1)?.body)).toContain(note.words);
    expect(sentTo(from).map((s) => s.text)).toEqual([ASSISTANT_REPLY]);
  });

  test('a document Graph no longer has: recorded, marked failed, its caption still answered', async () => {
    const from = customer();
    const id = await send(from, {
      type: 'document',
      document: { id: '900404', mime_type: 'application/pdf', filename: 'מחירון.pdf', caption: 'המחירון' },
    });
    // Graph does not know this media id: the fetch fails, and the message still counts.
    expect(await row(id)).toMatchObject({ kind: 'document', body: 'המחירון', mediaStatus: 'failed' });
    expect(sentTo(from)).toHaveLength(1);
  });

  test('a sticker: recorded, answered with the text-only note', async () => {
    const from = customer();
    rig.h.whatsapp.graph.addMedia({ id: '900003', bytes: new Uint8Array(64), mime: 'image/webp' });
    const id = await send(from, {
      type: 'sticker',
      sticker: { id: '900003', mime_type: 'image/webp', animated: false },
    });
    expect(await row(id)).toMatchObject({ kind: 'sticker', body: null, mediaStatus: 'stored' });
    expect(sentTo(from).map((s) => s.text)).toEqual([TEXT_ONLY_REPLY]);
  });

  test('location and contacts: their data kept, their words to the assistant', async () => {
    const from = customer();
    const loc = await send(from, {
      type: 'location',
      location: {
        latitude: 32.0853,
        longitude: 34.7818,
        name: 'דיזנגוף סנטר',
        address: 'דיזנגוף 50, תל אביב',
      },
    });
    expect(await row(loc)).toMatchObject({
      kind: 'location',
      body: '📍 דיזנגוף סנטר דיזנגוף 50, תל אביב',
      details: { location: { latitude: 32.0853, longitude: 34.7818 } },
    });
    const card = await send(from, {
      type: 'contacts',
      contacts: [
        {
          name: { formatted_name: 'דנה כהן', first_name: 'דנה' },
          phones: [{ phone: '+972 54-123-4567', wa_id: '972541234567', type: 'CELL' }],
        },
      ],
    });
    expect(await row(card)).toMatchObject({ kind: 'contacts', body: '👤 דנה כהן +972 54-123-4567' });
    expect(sentTo(from)).toHaveLength(2);
  });

  test('interactive button and list replies and a template button: their titles are the text', async () => {
    const from = customer();
    const a = await send(from, {
      type: 'interactive',
      interactive: { type: 'button_reply', button_reply: { id: 'b1', title: 'מחר בבוקר' } },
    });
    const b = await send(from, {
      type: 'interactive',
      interactive: { type: 'list_reply', list_reply: { id: 'r1', title: 'תספורת', description: '45 דקות' } },
    });
    const c = await send(from, {
      type: 'button',
      button: { text: 'כן, מאשר', payload: 'confirm' },
      context: { from: '15550783881', id: 'wamid.prev' },
    });
    expect([(await row(a))?.body, (await row(b))?.body, (await row(c))?.body]).toEqual([
      'מחר בבוקר',
      'תספורת',
      'כן, מאשר',
    ]);
    expect((await row(c))?.kind).toBe('button');
    expect(sentTo(from)).toHaveLength(3);
  });

  test('a reaction is recorded on its message, neither counted unread nor answered', async () => {
    const from = customer();
    const first = await send(from, { type: 'text', text: { body: 'תודה רבה' } });
    const before = await conversation((await row(first))?.conversationId);
    const id = await send(from, { type: 'reaction', reaction: { message_id: first, emoji: '❤️' } });
    expect(await row(id)).toMatchObject({
      kind: 'reaction',
      handling: 'none',
      details: { reaction: { messageId: first, emoji: '❤️' } },
    });
    expect((await conversation(before?.id))?.unreadCount).toBe(before?.unreadCount ?? -1);
    expect(sentTo(from)).toHaveLength(1);
  });

  test('unsupported: recorded with Meta’s error, answered with the text-only note', async () => {
    const from = customer();
    const id = await send(from, {
      type: 'unsupported',
      errors: [
        {
          code: 131051,
          title: 'Message type unknown',
          message: 'Message type unknown',
          error_data: { details: 'Message type is currently not supported.' },
        },
      ],
    });
    expect(await row(id)).toMatchObject({ kind: 'unsupported', details: { errors: [{ code: 131051 }] } });
    expect(sentTo(from).map((s) => s.text)).toEqual([TEXT_ONLY_REPLY]);
  });
});

describe('who wrote', () => {
  test('a username customer (from_user_id, no wa_id) is one conversation by their user id', async () => {
    const userId = 'IL.13491208655302741918';
    const post = async (body: string) => {
      const m = { from_user_id: userId, id: wamid(), timestamp: now(), type: 'text', text: { body } };
      await deliverWebhook(
        target,
        webhookDelivery([
          messagesChange(NUMBER_ID, {
            contacts: [{ user_id: userId, profile: { name: 'Noa', username: '@noa' } }],
            messages: [m],
          }),
        ]),
      );
      await rig.drain();
      return m.id;
    };
    const a = await row(await post('היי'));
    const b = await row(await post('אתם פתוחים?'));
    expect(a).toMatchObject({ fromPhone: null, fromUserId: userId, kind: 'text' });
    expect(b?.conversationId).toBe(a?.conversationId ?? 'none');
    expect(await conversation(a?.conversationId)).toMatchObject({
      contactUserId: userId,
      contactPhone: null,
      contactName: 'Noa',
      unreadCount: 2,
    });
    // Later Meta names their number too: the same conversation, now with the number.
    const from = customer();
    rig.h.whatsapp.graph.customerWrote(NUMBER_ID, from);
    const m = {
      from: digits(from),
      from_user_id: userId,
      id: wamid(),
      timestamp: now(),
      type: 'text',
      text: { body: 'זה המספר שלי' },
    };
    await deliverWebhook(
      target,
      webhookDelivery([
        messagesChange(NUMBER_ID, {
          contacts: [{ wa_id: digits(from), user_id: userId, profile: { name: 'Noa' } }],
          messages: [m],
        }),
      ]),
    );
    await rig.drain();
    const c = await row(m.id);
    expect(c?.conversationId).toBe(a?.conversationId ?? 'none');
    expect(await conversation(c?.conversationId)).toMatchObject({
      contactPhone: from,
      contactUserId: userId,
    });
    expect(sentTo(from)).toHaveLength(1);
  });

  test('user_changed_number moves the conversation and the lead to the new number', async () => {
    const oldPhone = customer();
    const newPhone = customer();
    const first = await row(await send(oldPhone, { type: 'text', text: { body: 'שלום' } }));
    const sys = {
      from: digits(oldPhone),
      id: wamid(),
      timestamp: now(),
      type: 'system',
      system: {
        body: `User A changed from ${digits(oldPhone)} to ${digits(newPhone)}`,
        wa_id: digits(newPhone),
        type: 'user_changed_number',
      },
    };
    await deliverWebhook(target, webhookDelivery([messagesChange(NUMBER_ID, { messages: [sys] })]));
    await rig.drain();
    expect(await row(sys.id)).toMatchObject({
      kind: 'system',
      handling: 'none',
      conversationId: first?.conversationId,
    });
    expect((await conversation(first?.conversationId))?.contactPhone).toBe(newPhone);
    const [lead] = await tenant((tx) =>
      tx
        .select()
        .from(leads)
        .where(eq(leads.id, first?.leadId ?? '')),
    );
    expect(lead?.phone).toBe(newPhone);
    const next = await row(await send(newPhone, { type: 'text', text: { body: 'זה אני, במספר החדש' } }));
    expect(next?.conversationId).toBe(first?.conversationId ?? 'none');
    expect(next?.leadId).toBe(first?.leadId ?? 'none');
    expect(sentTo(oldPhone)).toHaveLength(1);
    expect(sentTo(newPhone)).toHaveLength(1);
  });

  test('a group message is recorded in the group’s conversation with its writer, and not answered', async () => {
    const from = customer();
    const id = await send(from, {
      type: 'text',
      text: { body: 'שלום לכולם' },
      group_id: 'Y2FwaXRhbC1ncm91cC0y',
    });
    const r = await row(id);
    expect(r).toMatchObject({ handling: 'none', senderName: 'לקוח', leadId: null });
    expect(await conversation(r?.conversationId)).toMatchObject({
      groupId: 'Y2FwaXRhbC1ncm91cC0y',
      contactPhone: null,
    });
    expect(sentTo(from)).toHaveLength(0);
  });
});

describe('statuses', () => {
  test('sent, delivered, read and failed (numeric and string codes), several entries × changes in one delivery', async () => {
    const { h } = rig;
    const a = customer();
    const b = customer();
    const c = customer();
    for (const p of [a, b, c]) await send(p, { type: 'text', text: { body: 'שלום' } });
    const reply = async (p: string) =>
      (await tenant((tx) => tx.select().from(outboxMessages).where(eq(outboxMessages.toPhone, p))))[0];
    const [ra, rb, rc] = [await reply(a), await reply(b), await reply(c)];
    const status = (id: string | null | undefined, s: string, p: string, errors?: unknown[]) => ({
      id,
      status: s,
      timestamp: now(),
      recipient_id: digits(p),
      ...(errors ? { errors } : {}),
    });
    const other = customer();
    h.whatsapp.graph.customerWrote(NUMBER_ID, other);
    const fresh = { from: digits(other), id: wamid(), timestamp: now(), type: 'text', text: { body: 'היי' } };
    const delivery = webhookDelivery(
      [
        messagesChange(NUMBER_ID, {
          statuses: [status(ra?.providerMessageId, 'sent', a), status(ra?.providerMessageId, 'delivered', a)],
        }),
        messagesChange(NUMBER_ID, { statuses: [status(rb?.providerMessageId, 'read', b)] }),
      ],
      [
        messagesChange(NUMBER_ID, {
          statuses: [
            status(rc?.providerMessageId, 'failed', c, [{ code: 131026, title: 'Message undeliverable' }]),
          ],
        }),
        messagesChange(NUMBER_ID, { contacts: [contact(other)], messages: [fresh] }),
      ],
    );
    expect((await deliverWebhook(target, delivery)).status).toBe(200);
    await rig.drain();
    const [ea, eb, ec] = [await reply(a), await reply(b), await reply(c)];
    expect(ea?.deliveredAt).toBeInstanceOf(Date);
    expect(ea?.readAt).toBeNull();
    expect(eb?.readAt).toBeInstanceOf(Date);
    expect(eb?.deliveredAt).toBeInstanceOf(Date);
    expect(ec).toMatchObject({ status: 'failed', lastError: 'Meta: 131026 Message undeliverable' });
    expect(await row(fresh.id)).toMatchObject({ kind: 'text' });
    expect(sentTo(other)).toHaveLength(1);

    const d = customer();
    await send(d, { type: 'text', text: { body: 'שלום' } });
    const rd = await reply(d);
    await deliverWebhook(
      target,
      webhookDelivery([
        messagesChange(NUMBER_ID, {
          statuses: [
            status(rd?.providerMessageId, 'failed', d, [{ code: '131047', title: 'Re-engagement message' }]),
          ],
        }),
      ]),
    );
    expect(await reply(d)).toMatchObject({
      status: 'failed',
      lastError: 'Meta: 131047 Re-engagement message',
    });
  });

  test('a replayed delivery changes nothing', async () => {
    const from = customer();
    rig.h.whatsapp.graph.customerWrote(NUMBER_ID, from);
    const m = { from: digits(from), id: wamid(), timestamp: now(), type: 'text', text: { body: 'פעם אחת' } };
    const delivery = webhookDelivery([
      messagesChange(NUMBER_ID, { contacts: [contact(from)], messages: [m] }),
    ]);
    await deliverWebhook(target, delivery);
    await deliverWebhook(target, delivery);
    await rig.drain();
    const rows = await tenant((tx) =>
      tx
        .select()
        .from(inboundMessages)
        .where(and(eq(inboundMessages.providerMessageId, m.id))),
    );
    expect(rows).toHaveLength(1);
    expect((await conversation(rows[0]?.conversationId))?.unreadCount).toBe(1);
    expect(sentTo(from)).toHaveLength(1);
  });
});
