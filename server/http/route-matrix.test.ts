/**
 * Every route × every role × (own business, another business), generated from the
 * route table and the permission table. A new route without a sample here fails the
 * test, so nothing is added to the API without being checked.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { businesses, contracts, faqs, leadStatuses, payments, tasks } from '../../db/schema';
import { can, ROLES, type Role } from '../auth/permissions';
import { createRecordingStore } from '../calls/recording/store';
import { seedRecordedCall } from '../calls/recording/test-call';
import { upsertLeadByPhone } from '../leads/upsert';
import { bookInTx } from '../scheduling/booking';
import { DEFAULT_SETTINGS } from '../scheduling/settings';
import { at, businessDay } from '../scheduling/test-days';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness, TEST_PASSWORD } from '../test/harness';

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
    return {
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

type Target = 'own' | 'other';
interface Sample {
  path: string;
  body?: unknown;
  /** Whether the request names a business (by id, query or body). */
  scoped: boolean;
}

const samples: Record<string, (t: Target) => Sample> = {
  'POST /auth/login': () => ({
    path: '/auth/login',
    body: { email: h.a.users.agent.email, password: TEST_PASSWORD },
    scoped: false,
  }),
  'POST /auth/logout': () => ({ path: '/auth/logout', scoped: false }),
  'GET /auth/me': () => ({ path: '/auth/me', scoped: false }),
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
  'GET /whatsapp': (t) => ({ path: `/whatsapp?businessId=${biz(t)}`, scoped: true }),
  'PUT /whatsapp/meta': (t) => ({
    path: `/whatsapp/meta?businessId=${biz(t)}`,
    body: { phoneNumberId: metaNumber[t].id, accessToken: metaNumber[t].token },
    scoped: true,
  }),
  'POST /whatsapp/baileys': (t) => ({ path: `/whatsapp/baileys?businessId=${biz(t)}`, scoped: true }),
  'DELETE /whatsapp': (t) => ({ path: `/whatsapp?businessId=${biz(t)}`, scoped: true }),
};
const biz = (t: Target) => (t === 'own' ? h.a.id : h.b.id);
const agentOf = (t: Target) => (t === 'own' ? h.a.users.agent.id : h.b.users.agent.id);

test('every route in the route table has a sample', () => {
  const missing = h.routes.map((r) => `${r.method} ${r.path}`).filter((k) => !samples[k]);
  expect(missing).toEqual([]);
});

test('every non-public route refuses a request without a session (401)', async () => {
  for (const route of h.routes.filter((r) => r.access !== 'public')) {
    const sample = samples[`${route.method} ${route.path}`]?.('own');
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
          const sample = samples[key]?.(target);
          if (!sample) continue;
          const res = await h.request(route.method, `/api${sample.path}`, {
            cookie: cookies[role],
            body: sample.body,
          });
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
