/**
 * Meta's webhook, driven the way Meta drives it: signed payloads from the Graph stand-in,
 * POSTed to the app; the assistant's replies go back through the Graph stand-in.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { outboxMessages } from '../../../db/schema';
import type { AppEnv } from '../../http/env';
import { createLogger } from '../../lib/logger';
import { outboxMessaging } from '../../reminders/messaging';
import {
  customerSends,
  deliverWebhook,
  failedStatusPayload,
  messagePayload,
  type WebhookTarget,
} from '../../standins/graph/index';
import { HOOK_TIMEOUT_MS } from '../../test/database';
import { TEST_ORIGIN } from '../../test/harness';
import { TEXT_ONLY_REPLY } from '../inbound';
import { ASSISTANT_REPLY, type InboundRig, linkMetaNumber, openInboundRig } from '../inbound-fixture';
import { metaWebhook } from './webhook';

const NUMBER_ID = '1098765432101';
const TOKEN = 'EAAG-test-token-of-business-a-0123456789';
const URL_ = `${TEST_ORIGIN}/whatsapp/webhook`;

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

const sentTo = (phone: string) => rig.h.whatsapp.graph.sent.filter((m) => m.to === phone);

describe('a customer writes to a Meta-linked number', () => {
  test("the assistant's reply goes back to that customer over the business's number", async () => {
    const { response } = await customerSends(rig.h.whatsapp.graph, {
      ...target,
      phoneNumberId: NUMBER_ID,
      from: '+972546001001',
      text: 'שלום, אפשר לשאול משהו?',
    });
    expect(response.status).toBe(200);
    await rig.drain();
    expect(sentTo('+972546001001')).toMatchObject([
      { phoneNumberId: NUMBER_ID, type: 'text', text: ASSISTANT_REPLY },
    ]);
  });

  test('the same webhook delivered again is answered once', async () => {
    const { id, payload } = messagePayload({ phoneNumberId: NUMBER_ID, from: '+972546001002', text: 'היי' });
    rig.h.whatsapp.graph.customerWrote(NUMBER_ID, '+972546001002');
    expect((await deliverWebhook(target, payload)).status).toBe(200);
    await rig.drain();
    expect((await deliverWebhook(target, payload)).status).toBe(200);
    await rig.drain();
    expect(sentTo('+972546001002')).toHaveLength(1);
    expect((await rig.inboundJobs(rig.h.a.id)).filter((j) => j.payload.messageId === id)).toHaveLength(1);
  });

  test('a photo is answered with the text-only note, without asking the model', async () => {
    const asked = rig.standin.requests.length;
    await customerSends(rig.h.whatsapp.graph, {
      ...target,
      phoneNumberId: NUMBER_ID,
      from: '+972546001003',
      text: null,
    });
    await rig.drain();
    expect(sentTo('+972546001003').map((m) => m.text)).toEqual([TEXT_ONLY_REPLY]);
    expect(rig.standin.requests.length).toBe(asked);
  });
});

describe('what the webhook refuses or ignores', () => {
  const post = (body: string, signature?: string) =>
    rig.h.app.request(URL_, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signature ? { 'x-hub-signature-256': signature } : {}),
      },
      body,
    });

  test('a forged or missing signature is refused with 401 and nothing is queued', async () => {
    const before = (await rig.inboundJobs(rig.h.a.id)).length;
    const { payload } = messagePayload({ phoneNumberId: NUMBER_ID, from: '+972546001004', text: 'שלום' });
    const forged = await deliverWebhook({ ...target, appSecret: 'not-the-app-secret' }, payload);
    expect(forged.status).toBe(401);
    expect((await post(JSON.stringify(payload))).status).toBe(401);
    expect((await post(JSON.stringify(payload), `sha256=${'0'.repeat(64)}`)).status).toBe(401);
    expect((await rig.inboundJobs(rig.h.a.id)).length).toBe(before);
  });

  test('an unknown phone number id is acknowledged (so Meta stops retrying) and nothing is queued', async () => {
    const before = (await rig.inboundJobs(rig.h.a.id)).length;
    const { payload } = messagePayload({
      phoneNumberId: '999000111222',
      from: '+972546001005',
      text: 'שלום',
    });
    expect((await deliverWebhook(target, payload)).status).toBe(200);
    await rig.drain();
    expect((await rig.inboundJobs(rig.h.a.id)).length).toBe(before);
    expect(sentTo('+972546001005')).toHaveLength(0);
  });

  test('without an app secret the webhook answers 503', async () => {
    const app = new Hono<AppEnv>();
    app.use(async (c, next) => {
      c.set('log', createLogger('silent'));
      await next();
    });
    app.post('/w', metaWebhook({ db: rig.h.db }).receive);
    const res = await app.request('/w', { method: 'POST', body: '{}' });
    expect(res.status).toBe(503);
  });
});

describe("Meta's subscription check", () => {
  const check = (token: string) =>
    rig.h.app.request(
      `${URL_}?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=1158201444`,
    );

  test('the right verify token gets the challenge back as text', async () => {
    const res = await check('test-meta-verify-token');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toStartWith('text/plain');
    expect(await res.text()).toBe('1158201444');
  });

  test('a wrong verify token is refused', async () => {
    expect((await check('guess')).status).toBe(403);
  });
});

test('a failure Meta reports after accepting a message marks it failed in the outbox', async () => {
  const { h } = rig;
  // The customer wrote (so free text may go to them), then a message of ours goes out.
  await customerSends(h.whatsapp.graph, {
    ...target,
    phoneNumberId: NUMBER_ID,
    from: '+972546001006',
    text: 'היי',
  });
  await h.db.withTenant(h.a.id, (tx) =>
    outboxMessaging.send(tx, h.a.id, {
      channel: 'whatsapp',
      toPhone: '+972546001006',
      body: 'תזכורת',
      dedupeKey: 'status-test',
    }),
  );
  await rig.drain();
  const outbox = () =>
    h.db.withTenant(h.a.id, (tx) =>
      tx.select().from(outboxMessages).where(eq(outboxMessages.dedupeKey, 'status-test')),
    );
  const [sent] = await outbox();
  expect(sent?.status).toBe('sent');
  const payload = failedStatusPayload({
    phoneNumberId: NUMBER_ID,
    messageId: sent?.providerMessageId ?? '',
    to: '+972546001006',
    code: 131047,
    title: 'Re-engagement message',
  });
  expect((await deliverWebhook(target, payload)).status).toBe(200);
  const [failed] = await outbox();
  expect(failed).toMatchObject({ status: 'failed', lastError: 'Meta: 131047 Re-engagement message' });
});
