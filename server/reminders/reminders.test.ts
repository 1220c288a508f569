import { afterAll, beforeAll, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { outboxMessages } from '../../db/schema';
import { drainJobs } from '../jobs/drain';
import { isolate } from '../lib/bidi';
import { at, businessDay } from '../scheduling/test-days';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness } from '../test/harness';

let h: Harness;
let owner: string;
let agent: string;
beforeAll(async () => {
  h = await createHarness();
  owner = await h.login(h.a.users.owner.email);
  agent = await h.login(h.a.users.agent.email);
}, HOOK_TIMEOUT_MS);
afterAll(() => h.close());

const HOUR = 3_600_000;
let slot = 0;
async function book(phone: string) {
  const startsAt = at(businessDay(8), `${10 + slot++}:00`);
  const res = await h.request('POST', '/api/appointments', {
    cookie: agent,
    body: { startsAt, lead: { phone, name: 'נועה' } },
  });
  expect(res.status).toBe(201);
  const { appointment } = (await res.json()) as { appointment: { id: string } };
  await drainJobs(h.db); // the booking event schedules the reminders
  return { id: appointment.id, start: Date.parse(startsAt) };
}
const outbox = (phone: string) =>
  h.db.withTenant(h.a.id, (tx) => tx.select().from(outboxMessages).where(eq(outboxMessages.toPhone, phone)));
const reminderTitles = async (cookie: string) => {
  const res = await h.request('GET', '/api/notifications', { cookie });
  const { notifications } = (await res.json()) as { notifications: { kind: string; title: string }[] };
  return notifications.filter((n) => n.kind === 'appointment_reminder').map((n) => n.title);
};

test('a booking reminds the customer on WhatsApp a day before and the team two hours before, once each', async () => {
  const { start } = await book('050-333-4401');
  await drainJobs(h.db, () => new Date(start - 24 * HOUR - 1000));
  expect(await outbox('+972503334401')).toEqual([]); // not yet

  await drainJobs(h.db, () => new Date(start - 24 * HOUR + 1000));
  const [message, ...more] = await outbox('+972503334401');
  expect(more).toEqual([]);
  expect(message).toMatchObject({ channel: 'whatsapp', status: 'pending' });
  expect(message?.body).toContain('Business a');
  expect(message?.body).toContain(':00');
  expect(await reminderTitles(owner)).toEqual([]);

  await drainJobs(h.db, () => new Date(start - 2 * HOUR + 1000));
  const titles = await reminderTitles(owner);
  expect(titles.length).toBe(1);
  // The name is an isolated run (server/lib/bidi.ts), so a Latin or numeric name keeps its order.
  expect(titles[0]).toStartWith(`תזכורת: פגישה עם ${isolate('נועה')}, `);
  await drainJobs(h.db, () => new Date(start));
  expect((await outbox('+972503334401')).length).toBe(1);
});

test('a cancelled appointment sends no reminder', async () => {
  const { id, start } = await book('050-333-4402');
  await h.request('PATCH', `/api/appointments/${id}`, { cookie: agent, body: { status: 'cancelled' } });
  await drainJobs(h.db, () => new Date(start));
  expect(await outbox('+972503334402')).toEqual([]);
});

test('a moved appointment is reminded at its new time only', async () => {
  const { id, start } = await book('050-333-4403');
  const later = at(businessDay(9), '15:00');
  const moved = await h.request('PATCH', `/api/appointments/${id}`, {
    cookie: agent,
    body: { startsAt: later },
  });
  expect(moved.status).toBe(200);
  await drainJobs(h.db);
  await drainJobs(h.db, () => new Date(start - 23 * HOUR)); // the old reminder's time: nothing
  expect(await outbox('+972503334403')).toEqual([]);
  await drainJobs(h.db, () => new Date(Date.parse(later) - 23 * HOUR));
  expect((await outbox('+972503334403')).length).toBe(1);
});

test('an owner sets the lead times; 0 turns the customer reminder off', async () => {
  const defaults = await h.request('GET', '/api/reminder-settings', { cookie: agent });
  expect(await defaults.json()).toEqual({ settings: { customerHoursBefore: 24, staffHoursBefore: 2 } });
  const body = { customerHoursBefore: 0, staffHoursBefore: 3 };
  expect((await h.request('PUT', '/api/reminder-settings', { cookie: agent, body })).status).toBe(403);
  const saved = await h.request('PUT', '/api/reminder-settings', { cookie: owner, body });
  expect(await saved.json()).toEqual({ settings: body });
  const { start } = await book('050-333-4404');
  await drainJobs(h.db, () => new Date(start - HOUR));
  expect(await outbox('+972503334404')).toEqual([]);
  expect((await reminderTitles(owner)).some((t) => t.includes('נועה'))).toBe(true);
});
