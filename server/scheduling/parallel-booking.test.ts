import { afterAll, beforeAll, expect, test } from 'bun:test';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness } from '../test/harness';
import { at, businessDay } from './test-days';

let h: Harness;
let cookie: string;
beforeAll(async () => {
  h = await createHarness({ poolSize: 8 });
  cookie = await h.login(h.a.users.agent.email);
}, HOOK_TIMEOUT_MS);
afterAll(() => h.close());

const countBy = (statuses: number[]) =>
  statuses.reduce<Record<number, number>>((acc, s) => {
    acc[s] = (acc[s] ?? 0) + 1;
    return acc;
  }, {});

test('fifty parallel requests for the same or overlapping times end in one booking and 409s', async () => {
  const day = businessDay(2);
  // 10:00, 10:10 and 10:20, half an hour each: every pair overlaps.
  const starts = ['10:00', '10:10', '10:20'];
  const responses = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      h.request('POST', '/api/appointments', {
        cookie,
        body: {
          startsAt: at(day, starts[i % 3] ?? '10:00'),
          lead: { name: `לקוח ${i}`, phone: `+97250${String(1_000_000 + i).slice(1)}0` },
        },
      }),
    ),
  );
  expect(countBy(responses.map((r) => r.status))).toEqual({ 201: 1, 409: 49 });
  const list = await h.request('GET', `/api/appointments?from=${day}&to=${day}`, { cookie });
  const { appointments } = (await list.json()) as { appointments: { lead: { phone: string } }[] };
  expect(appointments).toHaveLength(1);
  // A refused booking leaves no lead behind: its transaction rolled back whole.
  const leads = (await (await h.request('GET', '/api/leads', { cookie })).json()) as {
    leads: { phone: string }[];
  };
  expect(leads.leads.map((l) => l.phone)).toEqual([appointments[0]?.lead.phone ?? '']);
});

test('fifty parallel replays of one idempotency key create one appointment and all return it', async () => {
  const day = businessDay(2);
  const body = { startsAt: at(day, '14:00'), idempotencyKey: 'whatsapp-msg-42' };
  const responses = await Promise.all(
    Array.from({ length: 50 }, () => h.request('POST', '/api/appointments', { cookie, body })),
  );
  expect(countBy(responses.map((r) => r.status))).toEqual({ 200: 49, 201: 1 });
  const ids = new Set(
    await Promise.all(
      responses.map(async (r) => ((await r.json()) as { appointment: { id: string } }).appointment.id),
    ),
  );
  expect(ids.size).toBe(1);
});

test('the database itself refuses overlapping active appointments, whatever the code does', async () => {
  const { appointments } = await import('../../db/schema');
  const { pgErrorCode, EXCLUSION_VIOLATION } = await import('../db/pg-error');
  const row = (from: string, to: string, status: 'booked' | 'cancelled' = 'booked') => ({
    businessId: h.b.id,
    startsAt: new Date(from),
    endsAt: new Date(to),
    blockedFrom: new Date(from),
    blockedTo: new Date(to),
    status,
  });
  const insert = (r: ReturnType<typeof row>) =>
    h.db.withTenant(h.b.id, (tx) => tx.insert(appointments).values(r));
  await insert(row('2030-01-06T08:00:00Z', '2030-01-06T09:00:00Z'));
  const overlap = await insert(row('2030-01-06T08:30:00Z', '2030-01-06T09:30:00Z')).catch((e) => e);
  expect(pgErrorCode(overlap)).toBe(EXCLUSION_VIOLATION);
  // Touching ends do not overlap, and a cancelled appointment holds no time.
  await insert(row('2030-01-06T09:00:00Z', '2030-01-06T10:00:00Z'));
  await insert(row('2030-01-06T08:15:00Z', '2030-01-06T08:45:00Z', 'cancelled'));
});
