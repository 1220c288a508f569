import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { getTableName, sql } from 'drizzle-orm';
import { ltr } from '../lib/bidi';
import { at, businessDay } from '../scheduling/test-days';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness } from '../test/harness';
import { localDateTime } from './labels';
import { LEAD_HISTORY } from './merge';
import { upsertLeadByPhone } from './upsert';

let h: Harness;
let owner: string;
let agent: string;
let ownerB: string;
beforeAll(async () => {
  h = await createHarness();
  owner = await h.login(h.a.users.owner.email);
  agent = await h.login(h.a.users.agent.email);
  ownerB = await h.login(h.b.users.owner.email);
}, HOOK_TIMEOUT_MS);
afterAll(() => h.close());

interface Lead {
  id: string;
  phone: string;
  name: string | null;
  source: string;
  lastSource: string;
  status: { id: string; name: string };
  assignee: { id: string; name: string } | null;
}
const json = async <T>(res: Response) => (await res.json()) as T;
const create = async (cookie: string, body: Record<string, unknown>) =>
  (await json<{ lead: Lead }>(await h.request('POST', '/api/leads', { cookie, body }))).lead;
const list = async (query: string, cookie = agent) =>
  json<{ leads: Lead[]; total: number; next: string | null }>(
    await h.request('GET', `/api/leads?${query}`, { cookie }),
  );

describe('one lead per person', () => {
  test('contacts from every source with the number written any way update one lead', async () => {
    const contacts = [
      { phone: '052-765-4321', source: 'call', name: null },
      { phone: '+972527654321', source: 'whatsapp', name: 'רונית' },
      { phone: '0527654321', source: 'form', name: 'רונית לוי' },
      { phone: '972-52-7654321', source: 'api', name: null },
      { phone: '(052) 7654321', source: 'manual', name: null },
    ] as const;
    const results = [];
    for (const c of contacts) {
      results.push(await h.db.withTenant(h.a.id, (tx) => upsertLeadByPhone(tx, h.a.id, c)));
    }
    expect(results.map((r) => r.created)).toEqual([true, false, false, false, false]);
    expect(new Set(results.map((r) => r.lead.id)).size).toBe(1);
    const { leads } = await list('q=0527654321');
    expect(leads).toHaveLength(1);
    // The first name given sticks; the first source is kept and the last one recorded.
    expect(leads[0]).toMatchObject({
      phone: '+972527654321',
      name: 'רונית',
      source: 'call',
      lastSource: 'manual',
    });
  });

  test('adding a known phone by hand answers 200 with the existing lead', async () => {
    const first = await h.request('POST', '/api/leads', { cookie: agent, body: { phone: '053-111-2233' } });
    const again = await h.request('POST', '/api/leads', {
      cookie: agent,
      body: { phone: '+972 53 111 2233', name: 'אבי' },
    });
    expect([first.status, again.status]).toEqual([201, 200]);
    const a = await json<{ lead: Lead }>(first);
    const b = await json<{ lead: Lead; created: boolean }>(again);
    expect(b).toMatchObject({ created: false, lead: { id: a.lead.id, name: 'אבי' } });
  });

  test('a number that is not a phone is a 400 naming the field', async () => {
    const res = await h.request('POST', '/api/leads', { cookie: agent, body: { phone: '12345' } });
    expect(res.status).toBe(400);
    expect((await json<{ error: { details: unknown } }>(res)).error.details).toEqual({
      fields: { phone: 'is not a valid phone number' },
    });
  });

  test('the same phone in two businesses is two leads, each seen only by its business', async () => {
    const a = await create(agent, { phone: '054-999-8877', name: 'משותף' });
    const b = await create(ownerB, { phone: '054-999-8877', name: 'משותף' });
    expect(a.id).not.toBe(b.id);
    expect((await h.request('GET', `/api/leads/${b.id}`, { cookie: agent })).status).toBe(404);
    expect(
      (await h.request('PATCH', `/api/leads/${b.id}`, { cookie: agent, body: { name: 'x' } })).status,
    ).toBe(404);
    expect((await h.request('GET', `/api/leads/${b.id}/timeline`, { cookie: agent })).status).toBe(404);
    const merge = await h.request('POST', `/api/leads/${a.id}/merge`, {
      cookie: agent,
      body: { otherId: b.id },
    });
    expect(merge.status).toBe(400);
  });
});

describe('working a lead', () => {
  test('a status change, a note and a booking appear on the timeline, newest first', async () => {
    const lead = await create(agent, { phone: '050-222-3344', name: 'יעל' });
    const { statuses } = await json<{ statuses: { id: string; name: string }[] }>(
      await h.request('GET', '/api/lead-statuses', { cookie: agent }),
    );
    const contacted = statuses.find((s) => s.name === 'נוצר קשר');
    const patched = await h.request('PATCH', `/api/leads/${lead.id}`, {
      cookie: agent,
      body: { statusId: contacted?.id, assigneeId: h.a.users.agent.id },
    });
    expect((await json<{ lead: Lead }>(patched)).lead).toMatchObject({
      status: { name: 'נוצר קשר' },
      assignee: { id: h.a.users.agent.id },
    });
    await h.request('POST', `/api/leads/${lead.id}/notes`, {
      cookie: agent,
      body: { body: 'מעוניינת בתספורת' },
    });
    await h.request('POST', '/api/appointments', {
      cookie: agent,
      body: { startsAt: at(businessDay(3), '12:00'), leadId: lead.id },
    });
    const { timeline } = await json<{ timeline: { kind: string; data: Record<string, unknown> }[] }>(
      await h.request('GET', `/api/leads/${lead.id}/timeline`, { cookie: agent }),
    );
    expect(timeline.map((e) => e.kind)).toEqual(['appointment', 'note', 'status_change', 'status_change']);
    expect(timeline[1]?.data.body).toBe('מעוניינת בתספורת');
    expect(timeline[2]?.data).toMatchObject({ from: 'חדש', to: 'נוצר קשר', by: { id: h.a.users.agent.id } });
    expect(timeline[3]?.data).toMatchObject({ from: null, to: 'חדש' });
  });

  test("another business's user cannot be made the assignee", async () => {
    const lead = await create(agent, { phone: '050-222-5566' });
    const res = await h.request('PATCH', `/api/leads/${lead.id}`, {
      cookie: owner,
      body: { assigneeId: h.b.users.agent.id },
    });
    expect(res.status).toBe(400);
  });

  test('a merge moves the other lead’s history onto the kept one and removes the other', async () => {
    const keep = await create(agent, { phone: '058-100-2000', name: 'משה' });
    const other = await create(agent, { phone: '058-100-3000', name: 'משה כהן' });
    await h.request('POST', `/api/leads/${other.id}/notes`, {
      cookie: agent,
      body: { body: 'התקשר מהעבודה' },
    });
    await h.request('POST', '/api/appointments', {
      cookie: agent,
      body: { startsAt: at(businessDay(4), '11:00'), leadId: other.id },
    });
    const res = await h.request('POST', `/api/leads/${keep.id}/merge`, {
      cookie: agent,
      body: { otherId: other.id },
    });
    expect(res.status).toBe(200);
    expect((await h.request('GET', `/api/leads/${other.id}`, { cookie: agent })).status).toBe(404);
    const { timeline } = await json<{ timeline: { kind: string; data: Record<string, unknown> }[] }>(
      await h.request('GET', `/api/leads/${keep.id}/timeline`, { cookie: agent }),
    );
    const notes = timeline.filter((e) => e.kind === 'note').map((e) => e.data.body);
    expect(notes).toContain('התקשר מהעבודה');
    expect(notes.some((n) => String(n).includes('+972581003000'))).toBe(true);
    expect(timeline.filter((e) => e.kind === 'appointment')).toHaveLength(1);
    expect(timeline.filter((e) => e.kind === 'status_change')).toHaveLength(2);
  });
});

describe('finding leads', () => {
  beforeAll(async () => {
    await create(agent, { phone: '052-400-0001', name: 'שרה אברהם', source: 'form' });
    await create(agent, { phone: '052-400-0002', name: 'אברהם לוי', source: 'api' });
    const noted = await create(agent, { phone: '052-400-0003', name: 'דוד', source: 'api' });
    await h.request('POST', `/api/leads/${noted.id}/notes`, {
      cookie: agent,
      body: { body: 'חבר של אברהם' },
    });
  });

  test('a Hebrew substring finds names and notes', async () => {
    const { leads } = await list(`q=${encodeURIComponent('אברהם')}`);
    expect(leads.map((l) => l.name).sort()).toEqual(['אברהם לוי', 'דוד', 'שרה אברהם'].sort());
  });

  test('a phone typed the local way finds the stored international number', async () => {
    expect((await list('q=052-400-0002')).leads.map((l) => l.name)).toEqual(['אברהם לוי']);
    expect((await list('q=5240000')).total).toBe(3);
  });

  test('filters by source and by assignee, and pages through the rest', async () => {
    expect((await list('source=api')).leads.map((l) => l.name).sort()).toEqual(['אברהם לוי', 'דוד'].sort());
    expect((await list('assignee=none&q=5240000')).total).toBe(3);
    const first = await list('q=5240000&limit=2');
    const second = await list(`q=5240000&limit=2&after=${first.next}`);
    expect([first.leads.length, second.leads.length, first.total, second.next]).toEqual([2, 1, 3, null]);
    expect(new Set([...first.leads, ...second.leads].map((l) => l.id)).size).toBe(3);
  });

  test('the CSV export has a BOM, the Hebrew intact and quoted fields; agents may not export', async () => {
    expect((await h.request('GET', '/api/leads/export.csv', { cookie: agent })).status).toBe(403);
    await create(agent, { phone: '052-400-0004', name: 'כהן, "הגדול"', source: 'api' });
    const res = await h.request('GET', '/api/leads/export.csv?q=5240000', { cookie: owner });
    expect(res.headers.get('content-type')).toStartWith('text/csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.split('\r\n');
    expect(lines[0]).toStartWith('שם,טלפון');
    expect(lines).toHaveLength(6);
    expect(text).toContain(`"כהן, ""הגדול""",${ltr('052-400-0004')},`);
    const row = lines.find((l) => l.includes('052-400-0004')) ?? '';
    expect(row).toContain(',API,');
    // Created just now, on the business's clock (Asia/Jerusalem), not in UTC.
    expect(row).toContain(localDateTime(new Date().toISOString(), 'Asia/Jerusalem').slice(0, 13));
    expect(row).not.toMatch(/\d{4}-\d\d-\d\dT/);
  });
});

test("every table that points at a lead moves with a merge (the lead's whole history)", async () => {
  const result = await h.db.owner.execute(sql`
    select distinct c.conrelid::regclass::text as table
    from pg_constraint c
    where c.contype = 'f' and c.confrelid = 'leads'::regclass and c.conrelid <> 'leads'::regclass`);
  const rows = ((result as { rows?: { table: string }[] }).rows ?? result) as { table: string }[];
  const pointing = rows.map((r) => r.table.replace(/^public\./, '').replaceAll('"', '')).sort();
  expect(pointing).toEqual(LEAD_HISTORY.map((ref) => getTableName(ref.table)).sort());
});
