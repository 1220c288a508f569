/**
 * The call log's API: filters, search, pages, what a call produced, and the live stream of
 * a business's calls (another business's calls never appear, in the list or the stream).
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { calls, leads } from '../../db/schema';
import { upsertLeadByPhone } from '../leads/upsert';
import { bookInTx } from '../scheduling/booking';
import { at, businessDay } from '../scheduling/test-days';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness } from '../test/harness';
import { recordCallStart } from './call-records.ts';

let h: Harness;
let owner: string;
let agent: string;
const ids = {} as Record<string, string> & Record<'dana' | 'missed' | 'short' | 'other' | 'fresh', string>;
const DAY = 86_400_000;
const base = Date.now() - 3 * DAY;

async function seedCall(
  businessId: string,
  key: string,
  o: {
    from: string;
    ageDays: number;
    durationMs?: number | null;
    answered?: boolean;
    name?: string;
    outcome?: 'booked' | 'abandoned';
    summary?: string;
  },
) {
  const id = crypto.randomUUID();
  ids[key] = id;
  const startedAt = new Date(base + (3 - o.ageDays) * DAY);
  await h.db.withTenant(businessId, async (tx) => {
    const { lead } = await upsertLeadByPhone(tx, businessId, { phone: o.from, source: 'call' });
    if (o.name) await tx.update(leads).set({ name: o.name }).where(eqId(lead.id));
    await tx.insert(calls).values({
      id,
      businessId,
      callSid: `CA${id.replaceAll('-', '')}`,
      fromNumber: o.from,
      toNumber: '+97235550111',
      leadId: lead.id,
      startedAt,
      answeredAt: o.answered === false ? null : startedAt,
      endedAt: new Date(startedAt.getTime() + (o.durationMs ?? 0)),
      durationMs: o.answered === false ? null : (o.durationMs ?? 30_000),
      outcome: o.outcome ?? null,
      summary: o.summary ?? null,
      analysisStatus: o.outcome ? 'done' : null,
    });
  });
}

const eqId = (id: string) => eq(leads.id, id);

beforeAll(async () => {
  h = await createHarness();
  owner = await h.login(h.a.users.owner.email);
  agent = await h.login(h.a.users.agent.email);
  await seedCall(h.a.id, 'dana', {
    from: '+972541110001',
    ageDays: 0,
    durationMs: 95_000,
    name: 'דנה כהן',
    outcome: 'booked',
    summary: 'דנה קבעה תספורת ליום שלישי בעשר.',
  });
  await seedCall(h.a.id, 'missed', { from: '+972541110002', ageDays: 1, answered: false });
  await seedCall(h.a.id, 'short', {
    from: '+972541110003',
    ageDays: 2,
    durationMs: 8_000,
    outcome: 'abandoned',
  });
  await seedCall(h.b.id, 'other', { from: '+972541110001', ageDays: 0, name: 'דנה כהן' });
}, HOOK_TIMEOUT_MS);
afterAll(() => h.close());

type Page = {
  calls: { id: string; outcome: string | null; summary: string | null }[];
  total: number;
  next: string | null;
};
async function list(query: string, cookie = owner): Promise<Page> {
  const res = await h.request('GET', `/api/calls?${query}`, { cookie });
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
}
const listed = async (query: string) => (await list(query)).calls.map((c) => c.id);

describe('the call list', () => {
  test('newest first, only the business’s own calls, for an agent too', async () => {
    expect(await listed('')).toEqual([ids.dana, ids.missed, ids.short]);
    expect((await list('', agent)).total).toBe(3);
  });

  test('searches by a number as typed nationally, by the lead’s name and by the summary', async () => {
    expect(await listed('q=054-111-0002')).toEqual([ids.missed]);
    expect(await listed(`q=${encodeURIComponent('דנה')}`)).toEqual([ids.dana]);
    expect(await listed(`q=${encodeURIComponent('תספורת')}`)).toEqual([ids.dana]);
    expect(await listed('q=0549999')).toEqual([]);
  });

  test('filters by status, outcome, duration and date range', async () => {
    expect(await listed('status=missed')).toEqual([ids.missed]);
    expect(await listed('status=answered')).toEqual([ids.dana, ids.short]);
    expect(await listed('outcome=booked')).toEqual([ids.dana]);
    expect(await listed('minSeconds=60')).toEqual([ids.dana]);
    expect(await listed('maxSeconds=10')).toEqual([ids.short]);
    const from = new Date(base + 1.5 * DAY).toISOString();
    expect(await listed(`from=${encodeURIComponent(from)}`)).toEqual([ids.dana, ids.missed]);
    expect(await listed(`to=${encodeURIComponent(from)}`)).toEqual([ids.short]);
    expect(await listed('hasRecording=1')).toEqual([]);
  });

  test('pages by cursor without repeating a call', async () => {
    const first = await list('limit=2');
    expect(first.calls.map((c) => c.id)).toEqual([ids.dana, ids.missed]);
    const second = await list(`limit=2&after=${first.next}`);
    expect(second.calls.map((c) => c.id)).toEqual([ids.short]);
    expect(second.next).toBeNull();
  });

  test('refuses a filter it does not know the value of, naming it', async () => {
    const res = await h.request('GET', '/api/calls?outcome=won&from=yesterday', { cookie: owner });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { details: { fields: Record<string, string> } } };
    expect(Object.keys(error.details.fields).sort()).toEqual(['from', 'outcome']);
  });

  test('another business’s call is a 404', async () => {
    const res = await h.request('GET', `/api/calls/${ids.other}`, { cookie: owner });
    expect(res.status).toBe(404);
  });
});

describe('what a call produced', () => {
  test('the call’s page names the lead it created and the appointment the assistant booked meanwhile', async () => {
    const callId = crypto.randomUUID();
    const startedAt = new Date();
    await recordCallStart(h.db, {
      callId,
      businessId: h.a.id,
      callSid: `CA${callId.replaceAll('-', '')}`,
      from: '+972541119999',
      to: '+97235550111',
      startedAt,
      answeredAt: startedAt,
    });
    await h.db.withTenant(h.a.id, (tx) =>
      bookInTx(
        tx,
        h.a.id,
        { startsAt: at(businessDay(3), '10:00'), lead: { phone: '+972541119999' } },
        { now: new Date(), source: 'call' },
      ),
    );
    const res = await h.request('GET', `/api/calls/${callId}`, { cookie: owner });
    const { call } = (await res.json()) as {
      call: { leadCreated: boolean; appointments: { startsAt: string }[]; lead: { phone: string } };
    };
    expect(call.lead.phone).toBe('+972541119999');
    expect(call.leadCreated).toBe(true);
    expect(call.appointments.map((a) => a.startsAt)).toEqual([
      new Date(at(businessDay(3), '10:00')).toISOString(),
    ]);
    // A lead that existed before the call (written days after that call started) was not made by it.
    const older = await h.request('GET', `/api/calls/${ids.short}`, { cookie: owner });
    expect(((await older.json()) as { call: { leadCreated: boolean } }).call.leadCreated).toBe(false);
  });
});

describe('the live stream', () => {
  async function nextEvent(reader: ReadableStreamDefaultReader<Uint8Array>, name: string): Promise<string> {
    const decoder = new TextDecoder();
    let buffered = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffered += decoder.decode(value, { stream: true });
      const m = new RegExp(`event: ${name}\\ndata: (.*)\\n`).exec(buffered);
      if (m?.[1]) return m[1];
    }
  }

  test('a new call of the business is announced; another business’s is not', async () => {
    const res = await h.request('GET', '/api/calls/stream', { cookie: agent });
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await nextEvent(reader, 'ready');
    await seedCall(h.b.id, 'other2', { from: '+972541110077', ageDays: 0 });
    await seedCall(h.a.id, 'fresh', { from: '+972541110078', ageDays: 0 });
    const event = JSON.parse(await nextEvent(reader, 'call')) as { callId: string; type: string; op: string };
    expect(event).toEqual({ type: 'changed', callId: ids.fresh as string, op: 'insert' });
    await reader.cancel();
  });

  test('another business named by a non-admin is a 404 before anything is streamed', async () => {
    const res = await h.request('GET', `/api/calls/stream?businessId=${h.b.id}`, { cookie: owner });
    expect(res.status).toBe(404);
  });
});
