/**
 * The business's WhatsApp from the owner's side (link Meta, pair Baileys, unlink) and the
 * outbox's delivery over it, on the stand-ins: the Graph API server and the fake WhatsApp
 * Web that production's code paths reach the same way as the real services.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { outboxMessages, whatsappChannels } from '../../db/schema';
import { drainJobs } from '../jobs/drain';
import { outboxMessaging } from '../reminders/messaging';
import { at, businessDay } from '../scheduling/test-days';
import { customerSends } from '../standins/graph/webhook-sender';
import { waitUntil } from '../standins/wait';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness, TEST_META_APP_SECRET, TEST_ORIGIN } from '../test/harness';

let h: Harness;
let ownerA: string;
let ownerB: string;
let adminA: string;
let agentA: string;
beforeAll(async () => {
  h = await createHarness();
  ownerA = await h.login(h.a.users.owner.email);
  ownerB = await h.login(h.b.users.owner.email);
  adminA = await h.login(h.a.users.admin.email);
  agentA = await h.login(h.a.users.agent.email);
}, HOOK_TIMEOUT_MS);
afterAll(() => h.close());

const HOUR = 3_600_000;
const TOKEN_A = 'EAAG-test-token-of-business-a-0123456789';
const deliver = (now?: () => Date) => drainJobs(h.db, now, { deliver: h.whatsapp.deliver });

interface View {
  channel: {
    provider: string;
    status: string;
    statusReason: string | null;
    phoneNumber: string | null;
    qr: string | null;
    meta: { phoneNumberId: string; hasAccessToken: boolean; reminderTemplate: string | null } | null;
  } | null;
  outbox: {
    counts: { pending: number; sent: number; failed: number };
    recent: { toPhone: string; status: string; lastError: string | null }[];
  };
}
async function view(cookie: string): Promise<View> {
  const res = await h.request('GET', '/api/whatsapp', { cookie });
  expect(res.status).toBe(200);
  return (await res.json()) as View;
}
let seq = 0;
function queue(
  businessId: string,
  toPhone: string,
  extra: { expiresAt?: Date; templateParams?: string[] } = {},
) {
  return h.db.withTenant(businessId, (tx) =>
    outboxMessaging.send(tx, businessId, {
      channel: 'whatsapp',
      toPhone,
      body: `הודעת בדיקה ${++seq}`,
      dedupeKey: `test:${seq}`,
      ...extra,
    }),
  );
}
const outboxOf = (businessId: string, toPhone: string) =>
  h.db.withTenant(businessId, (tx) =>
    tx.select().from(outboxMessages).where(eq(outboxMessages.toPhone, toPhone)),
  );

/** A customer writes to business a's Meta number: Meta's signed webhook reaches the app. */
async function customerWrites(from: string) {
  const { response } = await customerSends(h.whatsapp.graph, {
    webhookUrl: `${TEST_ORIGIN}/whatsapp/webhook`,
    appSecret: TEST_META_APP_SECRET,
    post: (url, init) => h.app.request(url, init),
    phoneNumberId: '1098765432101',
    from,
    text: 'שלום',
  });
  expect(response.status).toBe(200);
}

describe('Meta Cloud API', () => {
  beforeAll(() => {
    h.whatsapp.graph.addNumber({
      phoneNumberId: '1098765432101',
      accessToken: TOKEN_A,
      displayPhoneNumber: '+972 3-555-0111',
      verifiedName: 'Business a',
      templates: ['appointment_reminder'],
    });
  });

  test('a wrong token is refused with the field named, and nothing is saved', async () => {
    const res = await h.request('PUT', '/api/whatsapp/meta', {
      cookie: ownerA,
      body: { phoneNumberId: '1098765432101', accessToken: 'EAAG-not-the-right-token-0000000000' },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details: { fields: Record<string, string> } } };
    expect(body.error.details.fields.accessToken).toContain('Meta refused it');
    expect((await view(ownerA)).channel).toBeNull();
  });

  test('the owner links a number: Graph confirms it, the token is sealed at rest and never shown', async () => {
    const res = await h.request('PUT', '/api/whatsapp/meta', {
      cookie: ownerA,
      body: { phoneNumberId: '1098765432101', accessToken: TOKEN_A },
    });
    expect(res.status).toBe(200);
    const { channel } = (await res.json()) as View;
    expect(channel).toMatchObject({ provider: 'meta', status: 'connected', phoneNumber: '+97235550111' });
    expect(channel?.meta).toMatchObject({ phoneNumberId: '1098765432101', hasAccessToken: true });
    expect(JSON.stringify(channel)).not.toContain(TOKEN_A);
    const [row] = await h.db.withTenant(h.a.id, (tx) => tx.select().from(whatsappChannels));
    expect(row?.metaAccessTokenSealed).toStartWith('v1.');
    expect(row?.metaAccessTokenSealed).not.toContain(TOKEN_A);
  });

  test('an admin sees the link but may not change it; an agent sees nothing', async () => {
    expect((await view(adminA)).channel?.provider).toBe('meta');
    const put = await h.request('PUT', '/api/whatsapp/meta', {
      cookie: adminA,
      body: { phoneNumberId: '1098765432101', accessToken: TOKEN_A },
    });
    expect(put.status).toBe(403);
    expect((await h.request('GET', '/api/whatsapp', { cookie: agentA })).status).toBe(403);
  });

  test('another business cannot link the same number', async () => {
    const res = await h.request('PUT', '/api/whatsapp/meta', {
      cookie: ownerB,
      body: { phoneNumberId: '1098765432101', accessToken: TOKEN_A },
    });
    expect(res.status).toBe(400);
    expect((await view(ownerB)).channel).toBeNull();
  });

  test('free text outside the 24-hour window is refused before Meta, counted; inside it, it is sent', async () => {
    await queue(h.a.id, '+972501110001');
    await deliver();
    const [outside] = await outboxOf(h.a.id, '+972501110001');
    expect(outside).toMatchObject({ status: 'failed' });
    expect(outside?.lastError).toContain('has not written in the last 24 hours');
    expect(h.whatsapp.graph.sent.some((m) => m.to === '+972501110001')).toBe(false);
    expect((await view(ownerA)).outbox.counts.failed).toBeGreaterThanOrEqual(1);

    await customerWrites('+972501110002');
    await queue(h.a.id, '+972501110002');
    await deliver();
    const [inside] = await outboxOf(h.a.id, '+972501110002');
    expect(inside).toMatchObject({ status: 'sent' });
    expect(inside?.providerMessageId).toStartWith('wamid.');
    const sent = h.whatsapp.graph.sent.find((m) => m.to === '+972501110002');
    expect(sent).toMatchObject({ type: 'text', text: inside?.body });
  });

  test('with a reminder template set, a booking reminder reaches the customer as that template', async () => {
    const res = await h.request('PUT', '/api/whatsapp/meta', {
      cookie: ownerA,
      body: { phoneNumberId: '1098765432101', reminderTemplate: 'appointment_reminder' },
    });
    expect(res.status).toBe(200); // the stored token is kept
    const startsAt = at(businessDay(9), '11:00');
    const booked = await h.request('POST', '/api/appointments', {
      cookie: agentA,
      body: { startsAt, lead: { phone: '050-111-0003', name: 'דנה' } },
    });
    expect(booked.status).toBe(201);
    await deliver(); // the booking event schedules the reminders
    const start = Date.parse(startsAt);
    await deliver(() => new Date(start - 24 * HOUR + 1000));
    const sent = h.whatsapp.graph.sent.filter((m) => m.to === '+972501110003');
    expect(sent.length).toBe(1);
    expect(sent[0]?.template?.name).toBe('appointment_reminder');
    expect(sent[0]?.template?.params[0]).toBe('Business a');
    expect(sent[0]?.template?.params[1]).toContain('11:00');
    const [row] = await outboxOf(h.a.id, '+972501110003');
    expect(row?.status).toBe('sent');
  });

  test('a revoked token marks the link disconnected, tells the owner, and the message waits', async () => {
    h.whatsapp.graph.failNext('1098765432101', { code: 190, httpStatus: 401 });
    await customerWrites('+972501110004');
    await queue(h.a.id, '+972501110004');
    await deliver();
    const [waiting] = await outboxOf(h.a.id, '+972501110004');
    expect(waiting?.status).toBe('pending');
    const { channel } = await view(ownerA);
    expect(channel?.status).toBe('disconnected');
    await deliver(); // the disconnection event becomes a notification
    const res = await h.request('GET', '/api/notifications', { cookie: ownerA });
    const { notifications } = (await res.json()) as { notifications: { kind: string }[] };
    expect(notifications.some((n) => n.kind === 'whatsapp_disconnected')).toBe(true);

    // The retry (after its backoff) goes through once Meta accepts the token again.
    await deliver(() => new Date(Date.now() + 60_000));
    const [sent] = await outboxOf(h.a.id, '+972501110004');
    expect(sent?.status).toBe('sent');
  });

  test('a message past its moment is not sent but marked failed', async () => {
    await customerWrites('+972501110005');
    await queue(h.a.id, '+972501110005', { expiresAt: new Date(Date.now() - 1000) });
    await deliver();
    const [row] = await outboxOf(h.a.id, '+972501110005');
    expect(row).toMatchObject({ status: 'failed', lastError: 'expired before it could be sent' });
    expect(h.whatsapp.graph.sent.some((m) => m.to === '+972501110005')).toBe(false);
  });
});

describe('Baileys (WhatsApp Web)', () => {
  test('a business without WhatsApp: its messages fail, counted, not retried forever', async () => {
    await queue(h.b.id, '+972502220001');
    await deliver();
    const [row] = await outboxOf(h.b.id, '+972502220001');
    expect(row).toMatchObject({ status: 'failed', lastError: 'the business has no connected WhatsApp' });
    expect((await view(ownerB)).outbox.counts).toMatchObject({ failed: 1, sent: 0, pending: 0 });
  });

  test('the owner pairs by QR; messages then go out over the session', async () => {
    const res = await h.request('POST', '/api/whatsapp/baileys', { cookie: ownerB });
    expect(res.status).toBe(200);
    await waitUntil(async () => (await view(ownerB)).channel?.qr ?? undefined, 'the QR code');
    expect((await view(ownerB)).channel).toMatchObject({ provider: 'baileys', status: 'pairing' });

    h.whatsapp.fake.scan(h.b.id, '+97235550122');
    await waitUntil(async () => (await view(ownerB)).channel?.status === 'connected', 'connected');
    const { channel } = await view(ownerB);
    expect(channel).toMatchObject({ phoneNumber: '+97235550122', qr: null });

    await queue(h.b.id, '+972502220002');
    await deliver();
    const [row] = await outboxOf(h.b.id, '+972502220002');
    expect(row?.status).toBe('sent');
    expect(h.whatsapp.fake.sent.find((m) => m.jid === '972502220002@s.whatsapp.net')?.text).toBe(row?.body);
  });

  test("one business's messages and link are invisible to another", async () => {
    const a = await view(ownerA);
    expect(a.channel?.provider).toBe('meta');
    expect(a.outbox.recent.some((m) => m.toPhone.startsWith('+9725022'))).toBe(false);
    const other = await h.request('GET', `/api/whatsapp?businessId=${h.b.id}`, { cookie: ownerA });
    expect(other.status).toBe(404);
  });

  test('logged out from the phone: disconnected, the owner told, messages wait; unlink clears it', async () => {
    h.whatsapp.fake.drop(h.b.id, 401);
    await waitUntil(async () => (await view(ownerB)).channel?.status === 'disconnected', 'disconnected');
    await deliver();
    const res = await h.request('GET', '/api/notifications', { cookie: ownerB });
    const { notifications } = (await res.json()) as {
      notifications: { kind: string; link: string | null; body: string | null }[];
    };
    const told = notifications.filter((n) => n.kind === 'whatsapp_disconnected');
    expect(told.map((n) => [n.link, n.body])).toEqual([
      ['/whatsapp', 'המכשיר המקושר הוסר מהטלפון. צריך לחבר מחדש.'],
    ]);

    await queue(h.b.id, '+972502220003');
    await deliver();
    expect((await outboxOf(h.b.id, '+972502220003'))[0]?.status).toBe('pending');

    const unlinked = await h.request('DELETE', '/api/whatsapp', { cookie: ownerB });
    expect(unlinked.status).toBe(200);
    expect(((await unlinked.json()) as View).channel).toBeNull();
  });
});
