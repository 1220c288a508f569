/**
 * A delivery is validated item by item: one message or status that is not the shape we
 * expect (or text PostgreSQL cannot store) never costs the other items of the delivery,
 * and Meta always gets 200 for a signed delivery.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { inboundMessages, outboxMessages } from '../../../db/schema';
import { outboxMessaging } from '../../reminders/messaging';
import {
  deliverWebhook,
  messagesChange,
  type WebhookTarget,
  webhookDelivery,
} from '../../standins/graph/index';
import { HOOK_TIMEOUT_MS } from '../../test/database';
import { TEST_META_APP_SECRET } from '../../test/harness';
import { ASSISTANT_REPLY, type InboundRig, linkMetaNumber, openInboundRig } from '../inbound-fixture';
import { webhookCounters } from './webhook';

const NUMBER_ID = '1098765432102';
const TOKEN = 'EAAG-test-token-of-business-a-items-0123';

let rig: InboundRig;
let target: WebhookTarget;
beforeAll(async () => {
  rig = await openInboundRig();
  target = await linkMetaNumber(rig, {
    phoneNumberId: NUMBER_ID,
    accessToken: TOKEN,
    displayPhoneNumber: '+972 3-555-0111',
  });
}, HOOK_TIMEOUT_MS);
afterAll(() => rig.close());

const wamid = () => `wamid.${randomBytes(18).toString('base64url')}`;
const digits = (e164: string) => e164.slice(1);
const now = () => String(Math.floor(Date.now() / 1000));

/** A customer's text as Meta sends it, with the 24-hour window opened at the stand-in. */
function text(from: string, body: string, id = wamid()) {
  rig.h.whatsapp.graph.customerWrote(NUMBER_ID, from);
  return { from: digits(from), id, timestamp: now(), type: 'text', text: { body } };
}
const contact = (from: string) => ({ profile: { name: 'Customer' }, wa_id: digits(from) });
const sentTo = (phone: string) => rig.h.whatsapp.graph.sent.filter((m) => m.to === phone);
const recorded = (id: string) =>
  rig.h.db.withTenant(rig.h.a.id, (tx) =>
    tx.select().from(inboundMessages).where(eq(inboundMessages.providerMessageId, id)),
  );

describe('one bad item does not cost the others', () => {
  test('a message without `from` beside an ordinary one: 200, and the ordinary one is answered', async () => {
    const good = text('+972546101001', 'שלום, אפשר לקבוע תור?');
    const delivery = webhookDelivery([
      messagesChange(NUMBER_ID, {
        contacts: [{ profile: { name: 'Username customer' } }, contact('+972546101001')],
        messages: [{ id: wamid(), timestamp: now(), type: 'text', text: { body: 'היי' } }, good],
      }),
    ]);
    const skipped = webhookCounters().itemsSkipped;
    expect((await deliverWebhook(target, delivery)).status).toBe(200);
    expect(webhookCounters().itemsSkipped).toBe(skipped + 1);
    await rig.drain();
    expect(sentTo('+972546101001').map((m) => m.text)).toEqual([ASSISTANT_REPLY]);
  });

  test('a status whose error code is a string is understood, and the message beside it is kept', async () => {
    const { h } = rig;
    const customer = '+972546101002';
    await deliverWebhook(
      target,
      webhookDelivery([messagesChange(NUMBER_ID, { messages: [text(customer, 'היי')] })]),
    );
    await h.db.withTenant(h.a.id, (tx) =>
      outboxMessaging.send(tx, h.a.id, {
        channel: 'whatsapp',
        toPhone: customer,
        body: 'תזכורת',
        dedupeKey: 'string-code',
      }),
    );
    await rig.drain();
    const [sent] = await h.db.withTenant(h.a.id, (tx) =>
      tx.select().from(outboxMessages).where(eq(outboxMessages.dedupeKey, 'string-code')),
    );
    const other = text('+972546101003', 'מה שעות הפתיחה?');
    const delivery = webhookDelivery([
      messagesChange(NUMBER_ID, {
        statuses: [
          {
            id: sent?.providerMessageId,
            status: 'failed',
            timestamp: now(),
            recipient_id: digits(customer),
            errors: [{ code: '131026', title: 'Message undeliverable' }],
          },
        ],
      }),
      messagesChange(NUMBER_ID, { contacts: [contact('+972546101003')], messages: [other] }),
    ]);
    expect((await deliverWebhook(target, delivery)).status).toBe(200);
    const [failed] = await h.db.withTenant(h.a.id, (tx) =>
      tx.select().from(outboxMessages).where(eq(outboxMessages.dedupeKey, 'string-code')),
    );
    expect(failed).toMatchObject({ status: 'failed', lastError: 'Meta: 131026 Message undeliverable' });
    await rig.drain();
    expect(sentTo('+972546101003')).toHaveLength(1);
  });

  test('an item of the wrong shape is skipped and the rest of the delivery recorded', async () => {
    const good = text('+972546101004', 'שלום');
    const delivery = webhookDelivery(
      [messagesChange(NUMBER_ID, { messages: [{ from: '972546101099', type: 'text' }, 'not an object'] })],
      [messagesChange(NUMBER_ID, { statuses: [{ status: 'read' }], messages: [good] })],
    );
    const skipped = webhookCounters().itemsSkipped;
    expect((await deliverWebhook(target, delivery)).status).toBe(200);
    expect(webhookCounters().itemsSkipped).toBe(skipped + 3);
    expect(await recorded(good.id)).toHaveLength(1);
  });

  test('a signed body that is not JSON at all is acknowledged, not retried for days', async () => {
    const res = await target.post?.(target.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': (await import('./webhook-payload')).metaSignature(
          TEST_META_APP_SECRET,
          '{"entry":',
        ),
      },
      body: '{"entry":',
    });
    expect(res?.status).toBe(200);
  });
});

describe('text PostgreSQL cannot store', () => {
  test.each([
    ['U+0000', 'שלום\u0000 עולם', 'שלום עולם'],
    ['a lone surrogate', 'שלום \ud83d עולם', 'שלום \ufffd עולם'],
  ])('%s is cleaned where it enters: recorded, answered, never a 500', async (_, body, stored) => {
    const from = `+97254610110${body.includes('\u0000') ? 5 : 6}`;
    const m = text(from, body);
    const res = await deliverWebhook(target, webhookDelivery([messagesChange(NUMBER_ID, { messages: [m] })]));
    expect(res.status).toBe(200);
    expect((await recorded(m.id))[0]?.body).toBe(stored);
    await rig.drain();
    expect(sentTo(from)).toHaveLength(1);
  });
});

describe("the webhook's body limit is Meta's", () => {
  const padded = (bytes: number) => {
    const m = text('+972546101007', 'שלום');
    const delivery = webhookDelivery([messagesChange(NUMBER_ID, { messages: [m] })]) as Record<
      string,
      unknown
    >;
    delivery.padding = 'x'.repeat(bytes);
    return { m, delivery };
  };

  test('a signed delivery of 272 KB is taken', async () => {
    const { m, delivery } = padded(272 * 1024);
    expect((await deliverWebhook(target, delivery)).status).toBe(200);
    expect(await recorded(m.id)).toHaveLength(1);
  });

  test('past 3 MB it is refused, while the API keeps its small limit', async () => {
    expect((await deliverWebhook(target, padded(3 * 1024 * 1024 + 1).delivery)).status).toBe(413);
    const api = await rig.h.request('POST', '/api/auth/login', {
      body: { email: 'a@b.test', password: 'x'.repeat(300 * 1024) },
    });
    expect(api.status).toBe(413);
  });
});

describe('what a person wrote, read from every shape that carries words', () => {
  let shapes = 0;
  const askedWith = () => JSON.stringify(rig.standin.requests.at(-1)?.body ?? {});

  test.each([
    [
      'a reply button',
      {
        type: 'interactive',
        interactive: { type: 'button_reply', button_reply: { id: 'b1', title: 'מחר בבוקר' } },
      },
      'מחר בבוקר',
    ],
    [
      'a list row',
      {
        type: 'interactive',
        interactive: {
          type: 'list_reply',
          list_reply: { id: 'r2', title: 'תספורת גבר', description: '45 דקות' },
        },
      },
      'תספורת גבר',
    ],
    [
      'a template quick reply',
      {
        type: 'button',
        button: { text: 'כן, מאשר', payload: 'confirm' },
        context: { from: '15550783881', id: 'wamid.prev' },
      },
      'כן, מאשר',
    ],
    [
      'a caption under a photo',
      {
        type: 'image',
        image: { id: '88001', mime_type: 'image/jpeg', sha256: 'x', caption: 'זה הצבע שאני רוצה' },
      },
      'זה הצבע שאני רוצה',
    ],
  ])('%s reaches the assistant as its text', async (_, shape, words) => {
    const from = `+97254610201${++shapes}`;
    rig.h.whatsapp.graph.customerWrote(NUMBER_ID, from);
    const m = { from: digits(from), id: wamid(), timestamp: now(), ...shape };
    await deliverWebhook(
      target,
      webhookDelivery([messagesChange(NUMBER_ID, { contacts: [contact(from)], messages: [m] })]),
    );
    await rig.drain();
    expect(askedWith()).toContain(words);
    expect(sentTo(from).map((s) => s.text)).toEqual([ASSISTANT_REPLY]);
  });

  test('a message written in a group is not answered to its writer one-to-one', async () => {
    const from = '+972546101008';
    rig.h.whatsapp.graph.customerWrote(NUMBER_ID, from);
    const m = { ...text(from, 'שלום לכולם'), group_id: 'Y2FwaXRhbC1ncm91cC0x' };
    await deliverWebhook(target, webhookDelivery([messagesChange(NUMBER_ID, { messages: [m] })]));
    await rig.drain();
    expect(sentTo(from)).toHaveLength(0);
  });
});
