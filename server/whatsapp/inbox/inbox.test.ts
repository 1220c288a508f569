/**
 * The inbox over HTTP on a Baileys-linked business: a customer's message is in the list
 * (unread), a staff reply goes out through the outbox with the sender's name and pauses the
 * assistant (audited), the customer's next message is recorded but not answered, and once
 * resumed the assistant answers again.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../../db/schema';
import { waitUntil } from '../../standins/wait';
import { HOOK_TIMEOUT_MS } from '../../test/database';
import { qrOf } from '../baileys/sessions-fixture';
import { ASSISTANT_REPLY, type InboundRig, openInboundRig } from '../inbound-fixture';

let rig: InboundRig;
let agent = '';
beforeAll(async () => {
  rig = await openInboundRig();
  const { h } = rig;
  const owner = await h.login(h.b.users.owner.email);
  expect((await h.request('POST', '/api/whatsapp/baileys', { cookie: owner })).status).toBe(200);
  await waitUntil(() => qrOf(h.db, h.b.id), 'the QR code');
  h.whatsapp.fake.scan(h.b.id, h.b.phone);
  await waitUntil(() => h.whatsapp.fake.isOpen(h.b.id), 'the paired socket');
  agent = await h.login(h.b.users.agent.email);
}, HOOK_TIMEOUT_MS);
afterAll(() => rig.close());

const customer = '+972546003001';
const sent = () =>
  rig.h.whatsapp.fake.sent.filter(
    (m) => m.businessId === rig.h.b.id && m.jid === `${customer.slice(1)}@s.whatsapp.net`,
  );
const list = async (filter = 'all') =>
  (await (
    await rig.h.request('GET', `/api/inbox/conversations?filter=${filter}`, { cookie: agent })
  ).json()) as {
    conversations: {
      id: string;
      contactPhone: string;
      unreadCount: number;
      ai: { state: string; changedBy: string | null; reason: string | null };
    }[];
  };
const unread = async () =>
  (await list()).conversations.find((c) => c.contactPhone === customer)?.unreadCount ?? 0;

/** The customer's message is recorded (its conversation counts one more unread), then the jobs run. */
async function customerWrites(text: string) {
  const before = await unread();
  rig.h.whatsapp.fake.receive(rig.h.b.id, customer, text);
  await waitUntil(async () => (await unread()) > before, 'the message in the inbox');
  await rig.drain();
}

test('a staff reply goes out with their name and pauses the assistant until it is resumed', async () => {
  const { h } = rig;
  await customerWrites('שלום, יש לכם תור פנוי היום?');
  expect(sent().map((m) => m.text)).toEqual([ASSISTANT_REPLY]);
  const [c] = (await list('unanswered')).conversations.filter((x) => x.contactPhone === customer);
  expect(c).toBeUndefined(); // the assistant answered it
  const [conv] = (await list('ai_on')).conversations.filter((x) => x.contactPhone === customer);
  if (!conv) throw new Error('no conversation');
  expect(conv.unreadCount).toBe(1);

  const res = await h.request('POST', `/api/inbox/conversations/${conv.id}/messages`, {
    cookie: agent,
    body: { text: 'היי, כאן דנה מהצוות. יש ב-16:00' },
  });
  expect(res.status).toBe(200);
  const { conversation } = (await res.json()) as {
    conversation: { ai: { state: string; changedBy: string; reason: string } };
  };
  expect(conversation.ai).toMatchObject({ state: 'paused', changedBy: 'agent b', reason: 'staff_reply' });
  await rig.drain();
  expect(sent().map((m) => m.text)).toEqual([ASSISTANT_REPLY, 'היי, כאן דנה מהצוות. יש ב-16:00']);
  const detail = (await (
    await h.request('GET', `/api/inbox/conversations/${conv.id}`, { cookie: agent })
  ).json()) as {
    messages: {
      direction: string;
      body: string;
      senderName: string | null;
      sender?: string;
      delivery?: string;
    }[];
  };
  expect(
    detail.messages.filter((m) => m.direction === 'out').map((m) => [m.sender, m.senderName, m.delivery]),
  ).toEqual([
    ['assistant', null, 'sent'],
    ['staff', 'agent b', 'sent'],
  ]);
  const audits = await h.db.withTenant(h.b.id, (tx) =>
    tx
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, conv.id), eq(auditLog.action, 'whatsapp.ai_paused'))),
  );
  expect(audits).toHaveLength(1);

  // Paused: recorded and shown, never answered by the assistant.
  await customerWrites('מעולה, אני מגיע');
  expect(sent()).toHaveLength(2);
  expect((await list('paused')).conversations.map((x) => x.id)).toContain(conv.id);

  const resumed = await h.request('PUT', `/api/inbox/conversations/${conv.id}/ai`, {
    cookie: agent,
    body: { state: 'on' },
  });
  expect(resumed.status).toBe(200);
  await customerWrites('ועוד שאלה: כמה זה עולה?');
  expect(
    sent()
      .map((m) => m.text)
      .at(-1),
  ).toBe(ASSISTANT_REPLY);
  expect(sent()).toHaveLength(3);

  const read = await h.request('POST', `/api/inbox/conversations/${conv.id}/read`, { cookie: agent });
  expect(read.status).toBe(200);
  expect((await list()).conversations.find((x) => x.id === conv.id)?.unreadCount).toBe(0);
}, 60_000);

test('another business’s conversation is a 404', async () => {
  const { h } = rig;
  const [conv] = (await list()).conversations;
  const other = await h.login(h.a.users.agent.email);
  const res = await h.request('GET', `/api/inbox/conversations/${conv?.id}`, { cookie: other });
  expect(res.status).toBe(404);
});
