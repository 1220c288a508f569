/**
 * Every route × every role × (own business, another business), generated from the
 * route table and the permission table. A new route without a sample here fails the
 * test, so nothing is added to the API without being checked.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  apiKeys,
  businesses,
  contracts,
  faqs,
  leadStatuses,
  passwordResets,
  payments,
  tasks,
  users,
  webhookDeliveries,
  webhookEndpoints,
} from '../../db/schema';
import { hashResetToken } from '../auth/password-reset';
import { can, ROLES, type Role } from '../auth/permissions';
import { createRecordingStore } from '../calls/recording/store';
import { seedRecordedCall } from '../calls/recording/test-call';
import { upsertLeadByPhone } from '../leads/upsert';
import { bookInTx } from '../scheduling/booking';
import { DEFAULT_SETTINGS } from '../scheduling/settings';
import { at, businessDay } from '../scheduling/test-days';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness, TEST_HASHER, TEST_PASSWORD } from '../test/harness';

let h: Harness;
const cookies = {} as Record<Role, string>;
let seq = 0;

beforeAll(async () => {
  recordingsDir = await mkdtemp(join(tmpdir(), 'prosaas-matrix-recordings-'));
  const recordings = createRecordingStore(recordingsDir);
  h = await createHarness({ recordings });
  cookies.system_admin = await h.login(h.sysadmin.email);
  cookies.owner = await h.login(h.a.users.owner.email);
  cookies.admin = await h.login(h.a.users.admin.email);
  cookies.agent = await h.login(h.a.users.agent.email);
  crm.own = await seedCrm(h.a.id, 1);
  crm.other = await seedCrm(h.b.id, 2);
  recordedCall.own = await seedRecordedCall(h.db, recordings, h.a.id);
  recordedCall.other = await seedRecordedCall(h.db, recordings, h.b.id);
  resetTokens.push(...(await seedResetLinks(10)));
  inbox.own = await seedInbox(h.a.id, 1);
  inbox.other = await seedInbox(h.b.id, 2);
  // Payments and contracts answer 404 while their flag is off: on in both businesses here
  // (server/billing/billing.test.ts covers the flag itself).
  await h.db.withSystem((tx) => tx.update(businesses).set({ features: { payments: true, contracts: true } }));
  for (const t of ['own', 'other'] as const) {
    h.whatsapp.graph.addNumber({
      phoneNumberId: metaNumber[t].id,
      accessToken: metaNumber[t].token,
      displayPhoneNumber: t === 'own' ? '+972 3-555-0111' : '+972 3-555-0122',
      verifiedName: `Business ${t}`,
    });
  }
}, HOOK_TIMEOUT_MS);

/** A Meta Cloud API number per business on the Graph stand-in. */
const metaNumber = {
  own: { id: '100000000001', token: 'EAAG-matrix-token-own-0000000000' },
  other: { id: '100000000002', token: 'EAAG-matrix-token-other-000000000' },
};

/** A lead and an appointment per business, and spare leads and statuses to merge and delete. */
interface CrmFixture {
  lead: string;
  appointment: string;
  mergeable: string[];
  deletable: string[];
  /** FAQ entries: the first is edited, the rest deleted one by one. */
  faqs: string[];
  /** Tasks: the first is read, edited and moved, the rest deleted one by one. */
  tasks: string[];
  payment: string;
  contract: string;
  /** Webhook endpoints: the first is edited and its delivery replayed, the rest deleted. */
  endpoints: string[];
  delivery: string;
  /** API keys to revoke, one per request. */
  apiKeys: string[];
}
const crm = {} as Record<'own' | 'other', CrmFixture>;
function seedCrm(businessId: string, n: number): Promise<CrmFixture> {
  return h.db.withTenant(businessId, async (tx) => {
    const contact = async (i: number) =>
      (
        await upsertLeadByPhone(tx, businessId, {
          phone: `+97250${n}${String(i).padStart(6, '0')}`,
          source: 'api',
        })
      ).lead.id;
    const lead = await contact(999_999);
    const mergeable = [];
    for (let i = 0; i < 10; i++) mergeable.push(await contact(i));
    const { appointment } = await bookInTx(
      tx,
      businessId,
      { startsAt: at(businessDay(10), '09:00'), leadId: lead },
      { now: new Date(), source: 'manual' },
    );
    const statuses = Array.from({ length: 10 }, (_, i) => ({
      businessId,
      name: `matrix ${i}`,
      color: '#000000',
      position: 100 + i,
    }));
    const deletable = await tx.insert(leadStatuses).values(statuses).returning({ id: leadStatuses.id });
    const entries = Array.from({ length: 10 }, (_, i) => ({
      businessId,
      question: `שאלה ${i}`,
      answer: `תשובה ${i}`,
      channels: ['voice' as const, 'whatsapp' as const],
    }));
    const faqIds = await tx.insert(faqs).values(entries).returning({ id: faqs.id });
    const taskRows = Array.from({ length: 10 }, (_, i) => ({ businessId, title: `משימה ${i}`, position: i }));
    const taskIds = await tx.insert(tasks).values(taskRows).returning({ id: tasks.id });
    const [payment] = await tx
      .insert(payments)
      .values({ businessId, amountAgorot: 15_000, leadId: lead })
      .returning({ id: payments.id });
    const [contract] = await tx
      .insert(contracts)
      .values({ businessId, title: 'הסכם', leadId: lead })
      .returning({ id: contracts.id });
    const endpointRows = await tx
      .insert(webhookEndpoints)
      .values(
        await Promise.all(
          Array.from({ length: 10 }, async () => ({
            businessId,
            url: 'https://n8n.example.com/webhook/matrix',
            events: ['lead.created' as const],
            secretSealed: await h.whatsapp.box.seal('whsec_AAAA', businessId),
          })),
        ),
      )
      .returning({ id: webhookEndpoints.id });
    const [delivery] = await tx
      .insert(webhookDeliveries)
      .values({
        businessId,
        endpointId: endpointRows[0]?.id ?? '',
        eventId: crypto.randomUUID(),
        eventType: 'lead.created',
        body: '{}',
      })
      .returning({ id: webhookDeliveries.id });
    const keyRows = await tx
      .insert(apiKeys)
      .values(
        Array.from({ length: 10 }, (_, i) => ({
          businessId,
          name: `matrix ${i}`,
          role: 'agent' as const,
          prefix: 'psk_matrix',
          hash: crypto.randomUUID(),
          createdBy: n === 1 ? h.a.users.owner.id : h.b.users.owner.id,
        })),
      )
      .returning({ id: apiKeys.id });
    return {
      endpoints: endpointRows.map((e) => e.id),
      delivery: delivery?.id ?? '',
      apiKeys: keyRows.map((k) => k.id),
      tasks: taskIds.map((t) => t.id),
      payment: payment?.id ?? '',
      contract: contract?.id ?? '',
      lead,
      appointment: appointment.id,
      mergeable,
      deletable: deletable.map((d) => d.id),
      faqs: faqIds.map((f) => f.id),
    };
  });
}
let bookings = 0;
const spare = (list: string[]) => list.pop() ?? 'spare-exhausted';
const nextBookingTime = () => {
  const minutes = 9 * 60 + 5 * bookings++;
  return at(
    businessDay(5),
    `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`,
  );
};
afterAll(() => h.close());
afterAll(() => rm(recordingsDir, { recursive: true, force: true }));
/** A finished call with a recording per business (server/calls). */
let recordingsDir = '';
const recordedCall = {} as Record<'own' | 'other', string>;
/** A WhatsApp conversation per business with a customer's photo in it (server/whatsapp/inbox). */
const inbox = {} as Record<'own' | 'other', { conversation: string; photo: string }>;
async function seedInbox(businessId: string, n: number) {
  const { inboundMessages, whatsappConversations } = await import('../../db/schema');
  const ids = await h.db.withTenant(businessId, async (tx) => {
    const [c] = await tx
      .insert(whatsappConversations)
      .values({
        businessId,
        provider: 'baileys',
        contactPhone: `+97254${n}9999999`,
        lastInboundAt: new Date(),
      })
      .returning({ id: whatsappConversations.id });
    const [m] = await tx
      .insert(inboundMessages)
      .values({
        businessId,
        conversationId: c?.id,
        provider: 'baileys',
        providerMessageId: `matrix-photo-${n}`,
        fromPhone: `+97254${n}9999999`,
        kind: 'image',
        mediaStatus: 'stored',
        mediaMime: 'image/png',
        mediaBytes: 4,
      })
      .returning({ id: inboundMessages.id });
    return { conversation: c?.id ?? '', photo: m?.id ?? '' };
  });
  const key = `${businessId}/${ids.photo}`;
  await h.whatsapp.media.put(key, new Uint8Array([1, 2, 3, 4]));
  await h.db.withTenant(businessId, async (tx) => {
    const { inboundMessages } = await import('../../db/schema');
    const { eq } = await import('drizzle-orm');
    await tx.update(inboundMessages).set({ mediaKey: key }).where(eq(inboundMessages.id, ids.photo));
  });
  return ids;
}

/** Spare users of business b, each with one open reset link (its token returned). */
async function seedResetLinks(n: number): Promise<string[]> {
  const passwordHash = await TEST_HASHER.hash(TEST_PASSWORD);
  return h.db.withTenant(h.b.id, async (tx) => {
    const tokens: string[] = [];
    for (let i = 0; i < n; i++) {
      const [user] = await tx
        .insert(users)
        .values({
          businessId: h.b.id,
          email: `reset-${i}@b.test`,
          name: `reset ${i}`,
          passwordHash,
          role: 'agent',
        })
        .returning({ id: users.id });
      const token = randomBytes(32).toString('base64url');
      await tx.insert(passwordResets).values({
        businessId: h.b.id,
        userId: user?.id as string,
        tokenHash: hashResetToken(token),
        expiresAt: new Date(Date.now() + 3_600_000),
        requestedIp: '127.0.0.1',
      });
      tokens.push(token);
    }
    return tokens;
  });
}

type Target = 'own' | 'other';
interface Sample {
  path: string;
  body?: unknown;
  /** Whether the request names a business (by id, query or body). */
  scoped: boolean;
}

/** Each role's password now (the matrix changes it once per business target). */
const passwords = Object.fromEntries(ROLES.map((r) => [r, TEST_PASSWORD])) as Record<Role, string>;
/** Open reset links, one per spare user (using one ends that user's others). */
const resetTokens: string[] = [];

const samples: Record<string, (t: Target, role: Role) => Sample> = {
  'POST /auth/login': () => ({
    path: '/auth/login',
    // Not a user of the matrix: their passwords change as it runs.
    body: { email: h.b.users.agent.email, password: TEST_PASSWORD },
    scoped: false,
  }),
  'POST /auth/logout': () => ({ path: '/auth/logout', scoped: false }),
  'GET /auth/me': () => ({ path: '/auth/me', scoped: false }),
  'PATCH /auth/profile': (_t, role) => ({
    path: '/auth/profile',
    body: { name: `${role} ${++seq}` },
    scoped: false,
  }),
  'POST /auth/password': (_t, role) => ({
    path: '/auth/password',
    body: { currentPassword: passwords[role], newPassword: `Matrix-password-${++seq}-ok` },
    scoped: false,
  }),
  'GET /auth/password-reset': () => ({ path: '/auth/password-reset', scoped: false }),
  'POST /auth/password-reset/request': () => ({
    path: '/auth/password-reset/request',
    body: { email: h.b.users.agent.email },
    scoped: false,
  }),
  'POST /auth/password-reset': () => ({
    path: '/auth/password-reset',
    body: { token: spare(resetTokens), password: `Matrix-new-${++seq}-ok` },
    scoped: false,
  }),
  'GET /businesses': () => ({ path: '/businesses', scoped: false }),
  'POST /businesses': () => ({
    path: '/businesses',
    body: { name: `New ${++seq}`, phoneNumbers: [`+9723555${String(1000 + seq).slice(-4)}`] },
    scoped: false,
  }),
  'GET /businesses/:id': (t) => ({ path: `/businesses/${biz(t)}`, scoped: true }),
  'PATCH /businesses/:id': (t) => ({
    path: `/businesses/${biz(t)}`,
    body: { name: `Renamed ${++seq}` },
    scoped: true,
  }),
  'GET /users': (t) => ({ path: `/users?businessId=${biz(t)}`, scoped: true }),
  'POST /users': (t) => ({
    path: '/users',
    body: {
      email: `new${++seq}@matrix.test`,
      password: TEST_PASSWORD,
      name: 'New',
      role: 'agent',
      businessId: biz(t),
    },
    scoped: true,
  }),
  'GET /users/:id': (t) => ({ path: `/users/${agentOf(t)}`, scoped: true }),
  'PATCH /users/:id': (t) => ({
    path: `/users/${agentOf(t)}`,
    body: { name: `Agent ${++seq}` },
    scoped: true,
  }),
  'GET /overview': (t) => ({ path: `/overview?businessId=${biz(t)}`, scoped: true }),
  'GET /appointment-settings': (t) => ({ path: `/appointment-settings?businessId=${biz(t)}`, scoped: true }),
  'PUT /appointment-settings': (t) => ({
    path: `/appointment-settings?businessId=${biz(t)}`,
    body: { ...DEFAULT_SETTINGS, timezone: 'Asia/Jerusalem' },
    scoped: true,
  }),
  'GET /availability': (t) => ({
    path: `/availability?from=${businessDay(5)}&to=${businessDay(5)}&businessId=${biz(t)}`,
    scoped: true,
  }),
  'GET /appointments': (t) => ({
    path: `/appointments?from=${businessDay(5)}&to=${businessDay(12)}&businessId=${biz(t)}`,
    scoped: true,
  }),
  'POST /appointments': (t) => ({
    path: `/appointments?businessId=${biz(t)}`,
    body: { startsAt: nextBookingTime(), durationMinutes: 5 },
    scoped: true,
  }),
  'GET /appointments/:id': (t) => ({
    path: `/appointments/${crm[t].appointment}?businessId=${biz(t)}`,
    scoped: true,
  }),
  'PATCH /appointments/:id': (t) => ({
    path: `/appointments/${crm[t].appointment}?businessId=${biz(t)}`,
    body: { notes: `note ${++seq}` },
    scoped: true,
  }),
  'GET /leads': (t) => ({ path: `/leads?businessId=${biz(t)}`, scoped: true }),
  'POST /leads': (t) => ({
    path: `/leads?businessId=${biz(t)}`,
    body: { phone: `+972520${100_000 + ++seq}` },
    scoped: true,
  }),
  'GET /leads/export.csv': (t) => ({ path: `/leads/export.csv?businessId=${biz(t)}`, scoped: true }),
  'GET /leads/:id': (t) => ({ path: `/leads/${crm[t].lead}?businessId=${biz(t)}`, scoped: true }),
  'PATCH /leads/:id': (t) => ({
    path: `/leads/${crm[t].lead}?businessId=${biz(t)}`,
    body: { name: `Lead ${++seq}` },
    scoped: true,
  }),
  'POST /leads/:id/notes': (t) => ({
    path: `/leads/${crm[t].lead}/notes?businessId=${biz(t)}`,
    body: { body: `note ${++seq}` },
    scoped: true,
  }),
  'GET /leads/:id/timeline': (t) => ({
    path: `/leads/${crm[t].lead}/timeline?businessId=${biz(t)}`,
    scoped: true,
  }),
  'POST /leads/:id/merge': (t) => ({
    path: `/leads/${crm[t].lead}/merge?businessId=${biz(t)}`,
    body: { otherId: spare(crm[t].mergeable) },
    scoped: true,
  }),
  'GET /lead-statuses': (t) => ({ path: `/lead-statuses?businessId=${biz(t)}`, scoped: true }),
  'POST /lead-statuses': (t) => ({
    path: `/lead-statuses?businessId=${biz(t)}`,
    body: { name: `Status ${++seq}`, color: '#112233' },
    scoped: true,
  }),
  'PATCH /lead-statuses/:id': (t) => ({
    path: `/lead-statuses/${crm[t].deletable[0]}?businessId=${biz(t)}`,
    body: { color: '#445566' },
    scoped: true,
  }),
  'DELETE /lead-statuses/:id': (t) => ({
    path: `/lead-statuses/${spare(crm[t].deletable)}?businessId=${biz(t)}`,
    scoped: true,
  }),
  'GET /assistant/profile': (t) => ({ path: `/assistant/profile?businessId=${biz(t)}`, scoped: true }),
  'PUT /assistant/profile': (t) => ({
    path: `/assistant/profile?businessId=${biz(t)}`,
    body: {
      assistantName: 'נועם',
      introduction: '',
      greeting: `שלום ${++seq}`,
      voice: 'cedar',
      persona: 'masculine',
      language: 'he',
      address: '',
      hoursText: '',
      services: '',
      prices: '',
    },
    scoped: true,
  }),
  'GET /assistant/prompts/:channel': (t) => ({
    path: `/assistant/prompts/voice?businessId=${biz(t)}`,
    scoped: true,
  }),
  'POST /assistant/prompts/:channel': (t) => ({
    path: `/assistant/prompts/whatsapp?businessId=${biz(t)}`,
    body: { body: `prompt ${++seq}` },
    scoped: true,
  }),
  'GET /assistant/prompts/:channel/diff': (t) => ({
    path: `/assistant/prompts/voice/diff?from=0&to=0&businessId=${biz(t)}`,
    scoped: true,
  }),
  'POST /assistant/prompts/:channel/rollback': (t) => ({
    path: `/assistant/prompts/voice/rollback?businessId=${biz(t)}`,
    body: { version: 0 },
    scoped: true,
  }),
  'GET /faqs': (t) => ({ path: `/faqs?businessId=${biz(t)}`, scoped: true }),
  'POST /faqs': (t) => ({
    path: `/faqs?businessId=${biz(t)}`,
    body: { question: `שאלה חדשה ${++seq}`, answer: 'תשובה' },
    scoped: true,
  }),
  'PATCH /faqs/:id': (t) => ({
    path: `/faqs/${crm[t].faqs[0]}?businessId=${biz(t)}`,
    body: { answer: `תשובה ${++seq}` },
    scoped: true,
  }),
  'DELETE /faqs/:id': (t) => ({ path: `/faqs/${spare(crm[t].faqs)}?businessId=${biz(t)}`, scoped: true }),
  'POST /faqs/try': (t) => ({
    path: `/faqs/try?businessId=${biz(t)}`,
    body: { question: 'שאלה 1', channel: 'whatsapp' },
    scoped: true,
  }),
  'GET /tasks': (t) => ({ path: `/tasks?businessId=${biz(t)}`, scoped: true }),
  'POST /tasks': (t) => ({
    path: `/tasks?businessId=${biz(t)}`,
    body: { title: `task ${++seq}` },
    scoped: true,
  }),
  'GET /tasks/:id': (t) => ({ path: `/tasks/${crm[t].tasks[0]}?businessId=${biz(t)}`, scoped: true }),
  'PATCH /tasks/:id': (t) => ({
    path: `/tasks/${crm[t].tasks[0]}?businessId=${biz(t)}`,
    body: { title: `task ${++seq}` },
    scoped: true,
  }),
  'POST /tasks/:id/move': (t) => ({
    path: `/tasks/${crm[t].tasks[0]}/move?businessId=${biz(t)}`,
    body: { column: 'in_progress', position: 0 },
    scoped: true,
  }),
  'DELETE /tasks/:id': (t) => ({ path: `/tasks/${spare(crm[t].tasks)}?businessId=${biz(t)}`, scoped: true }),
  // A user's own notifications: nothing in these requests names a business or another user.
  'GET /notifications': () => ({ path: '/notifications', scoped: false }),
  'GET /notifications/stream': () => ({ path: '/notifications/stream', scoped: false }),
  'POST /notifications/read': () => ({
    path: '/notifications/read',
    body: { ids: [crypto.randomUUID()] },
    scoped: false,
  }),
  'POST /notifications/read-all': () => ({ path: '/notifications/read-all', scoped: false }),
  'GET /reminder-settings': (t) => ({ path: `/reminder-settings?businessId=${biz(t)}`, scoped: true }),
  'PUT /reminder-settings': (t) => ({
    path: `/reminder-settings?businessId=${biz(t)}`,
    body: { customerHoursBefore: 24, staffHoursBefore: 1 + (++seq % 5) },
    scoped: true,
  }),
  'GET /payments': (t) => ({ path: `/payments?businessId=${biz(t)}`, scoped: true }),
  'POST /payments': (t) => ({
    path: `/payments?businessId=${biz(t)}`,
    body: { amountAgorot: 1000 + ++seq },
    scoped: true,
  }),
  'GET /payments/:id': (t) => ({ path: `/payments/${crm[t].payment}?businessId=${biz(t)}`, scoped: true }),
  'PATCH /payments/:id': (t) => ({
    path: `/payments/${crm[t].payment}?businessId=${biz(t)}`,
    body: { description: `payment ${++seq}` },
    scoped: true,
  }),
  'GET /contracts': (t) => ({ path: `/contracts?businessId=${biz(t)}`, scoped: true }),
  'POST /contracts': (t) => ({
    path: `/contracts?businessId=${biz(t)}`,
    body: { title: `contract ${++seq}` },
    scoped: true,
  }),
  'GET /contracts/:id': (t) => ({ path: `/contracts/${crm[t].contract}?businessId=${biz(t)}`, scoped: true }),
  'PATCH /contracts/:id': (t) => ({
    path: `/contracts/${crm[t].contract}?businessId=${biz(t)}`,
    body: { title: `contract ${++seq}` },
    scoped: true,
  }),
  'GET /calls': (t) => ({ path: `/calls?businessId=${biz(t)}`, scoped: true }),
  'GET /calls/stream': (t) => ({ path: `/calls/stream?businessId=${biz(t)}`, scoped: true }),
  'GET /calls/live': (t) => ({ path: `/calls/live?businessId=${biz(t)}`, scoped: true }),
  'GET /calls/:id': (t) => ({ path: `/calls/${recordedCall[t]}?businessId=${biz(t)}`, scoped: true }),
  'GET /calls/:id/recording': (t) => ({
    path: `/calls/${recordedCall[t]}/recording?businessId=${biz(t)}`,
    scoped: true,
  }),
  'GET /call-settings': (t) => ({ path: `/call-settings?businessId=${biz(t)}`, scoped: true }),
  'PUT /call-settings': (t) => ({
    path: `/call-settings?businessId=${biz(t)}`,
    body: { vad: { thresholdDb: 10 + (++seq % 5) }, recordCalls: true },
    scoped: true,
  }),
  'GET /call-routing': (t) => ({ path: `/call-routing?businessId=${biz(t)}`, scoped: true }),
  'PUT /call-routing': (t) => ({
    path: `/call-routing?businessId=${biz(t)}`,
    body: {
      transferNumber: '+972501234567',
      warmTransfer: ++seq % 2 === 0,
      keypadMenu: [
        { digit: '1', action: 'book' },
        { digit: '0', action: 'transfer' },
      ],
    },
    scoped: true,
  }),
  'GET /whatsapp': (t) => ({ path: `/whatsapp?businessId=${biz(t)}`, scoped: true }),
  'PUT /whatsapp/meta': (t) => ({
    path: `/whatsapp/meta?businessId=${biz(t)}`,
    body: { phoneNumberId: metaNumber[t].id, accessToken: metaNumber[t].token },
    scoped: true,
  }),
  'POST /whatsapp/baileys': (t) => ({ path: `/whatsapp/baileys?businessId=${biz(t)}`, scoped: true }),
  'DELETE /whatsapp': (t) => ({ path: `/whatsapp?businessId=${biz(t)}`, scoped: true }),
  'GET /inbox/conversations': (t) => ({ path: `/inbox/conversations?businessId=${biz(t)}`, scoped: true }),
  'GET /inbox/conversations/:id': (t) => ({
    path: `/inbox/conversations/${inbox[t].conversation}?businessId=${biz(t)}`,
    scoped: true,
  }),
  'POST /inbox/conversations/:id/read': (t) => ({
    path: `/inbox/conversations/${inbox[t].conversation}/read?businessId=${biz(t)}`,
    scoped: true,
  }),
  'POST /inbox/conversations/:id/messages': (t) => ({
    path: `/inbox/conversations/${inbox[t].conversation}/messages?businessId=${biz(t)}`,
    body: { text: `staff reply ${++seq}` },
    scoped: true,
  }),
  'PUT /inbox/conversations/:id/ai': (t) => ({
    path: `/inbox/conversations/${inbox[t].conversation}/ai?businessId=${biz(t)}`,
    body: { state: ++seq % 2 ? 'on' : 'paused' },
    scoped: true,
  }),
  'GET /inbox/messages/:id/media': (t) => ({
    path: `/inbox/messages/${inbox[t].photo}/media?businessId=${biz(t)}`,
    scoped: true,
  }),
  'GET /inbox/stream': (t) => ({ path: `/inbox/stream?businessId=${biz(t)}`, scoped: true }),
  'GET /inbox/settings': (t) => ({ path: `/inbox/settings?businessId=${biz(t)}`, scoped: true }),
  'PUT /inbox/settings': (t) => ({
    path: `/inbox/settings?businessId=${biz(t)}`,
    body: { aiResumeAfterMinutes: 30 + (++seq % 5), templates: [] },
    scoped: true,
  }),
  'GET /webhooks': (t) => ({ path: `/webhooks?businessId=${biz(t)}`, scoped: true }),
  'POST /webhooks': (t) => ({
    path: `/webhooks?businessId=${biz(t)}`,
    body: { url: `https://n8n.example.com/webhook/${++seq}`, events: ['lead.created'] },
    scoped: true,
  }),
  'PATCH /webhooks/:id': (t) => ({
    path: `/webhooks/${crm[t].endpoints[0]}?businessId=${biz(t)}`,
    body: { description: `hook ${++seq}` },
    scoped: true,
  }),
  'DELETE /webhooks/:id': (t) => ({
    path: `/webhooks/${spare(crm[t].endpoints)}?businessId=${biz(t)}`,
    scoped: true,
  }),
  'GET /webhooks/:id/deliveries': (t) => ({
    path: `/webhooks/${crm[t].endpoints[0]}/deliveries?businessId=${biz(t)}`,
    scoped: true,
  }),
  'POST /webhooks/:id/deliveries/:deliveryId/replay': (t) => ({
    path: `/webhooks/${crm[t].endpoints[0]}/deliveries/${crm[t].delivery}/replay?businessId=${biz(t)}`,
    scoped: true,
  }),
  'GET /api-keys': (t) => ({ path: `/api-keys?businessId=${biz(t)}`, scoped: true }),
  'POST /api-keys': (t) => ({
    path: `/api-keys?businessId=${biz(t)}`,
    body: { name: `key ${++seq}`, role: 'agent' },
    scoped: true,
  }),
  'DELETE /api-keys/:id': (t) => ({
    path: `/api-keys/${spare(crm[t].apiKeys)}?businessId=${biz(t)}`,
    scoped: true,
  }),
};
const biz = (t: Target) => (t === 'own' ? h.a.id : h.b.id);
const agentOf = (t: Target) => (t === 'own' ? h.a.users.agent.id : h.b.users.agent.id);

test('every route in the route table has a sample', () => {
  const missing = h.routes.map((r) => `${r.method} ${r.path}`).filter((k) => !samples[k]);
  expect(missing).toEqual([]);
});

test('every non-public route refuses a request without a session (401)', async () => {
  for (const route of h.routes.filter((r) => r.access !== 'public')) {
    const sample = samples[`${route.method} ${route.path}`]?.('own', 'agent');
    if (!sample) continue;
    const res = await h.request(route.method, `/api${sample.path}`, { body: sample.body });
    await res.body?.cancel();
    expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({
      route: `${route.method} ${route.path}`,
      status: 401,
    });
  }
});

describe('role × route', () => {
  for (const role of ROLES) {
    for (const target of ['own', 'other'] as const) {
      test(`${role}, ${target} business`, async () => {
        const outcomes: string[] = [];
        const expected: string[] = [];
        for (const route of h.routes) {
          const key = `${route.method} ${route.path}`;
          const sample = samples[key]?.(target, role);
          if (!sample) continue;
          const res = await h.request(route.method, `/api${sample.path}`, {
            cookie: cookies[role],
            body: sample.body,
          });
          // A password change ends the old session and gives this one a new token, which the
          // browser keeps (the login sample's cookie is another user's: not kept).
          const renewed = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
          if (key === 'POST /auth/password' && res.status === 204) {
            passwords[role] = (sample.body as { newPassword: string }).newPassword;
            if (/^prosaas_session=./.test(renewed)) cookies[role] = renewed;
          }
          const allowed =
            route.access === 'public' || route.access === 'authenticated' || can(role, route.access);
          let want: string;
          if (!allowed) want = '403';
          else if (target === 'other' && sample.scoped && role !== 'system_admin') want = '404';
          else want = '2xx';
          // Unread bodies (the notification stream never ends by itself) are let go.
          await res.body?.cancel();
          const got = res.status >= 200 && res.status < 300 ? '2xx' : String(res.status);
          outcomes.push(`${key} → ${got}`);
          expected.push(`${key} → ${want}`);
        }
        expect(outcomes).toEqual(expected);
      });
    }
  }
});
