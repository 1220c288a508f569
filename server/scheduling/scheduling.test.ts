import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness } from '../test/harness';
import { DEFAULT_SETTINGS } from './settings';
import { at, businessDay } from './test-days';
import { addDays, localParts } from './zone';

let h: Harness;
let ownerA: string;
let agentA: string;
let ownerB: string;
beforeAll(async () => {
  h = await createHarness();
  ownerA = await h.login(h.a.users.owner.email);
  agentA = await h.login(h.a.users.agent.email);
  ownerB = await h.login(h.b.users.owner.email);
}, HOOK_TIMEOUT_MS);
afterAll(() => h.close());

interface Appointment {
  id: string;
  startsAt: string;
  endsAt: string;
  status: string;
  lead: { id: string; phone: string } | null;
}
interface ErrorBody {
  error: { code: string; details?: { reason?: string; fields?: Record<string, string> } };
}
const json = async <T>(res: Response) => (await res.json()) as T;

const book = (cookie: string, body: Record<string, unknown>) =>
  h.request('POST', '/api/appointments', { cookie, body });

const fullSettings = (overrides: Record<string, unknown> = {}) => ({
  ...DEFAULT_SETTINGS,
  timezone: 'Asia/Jerusalem',
  ...overrides,
});

describe('settings', () => {
  test('a business that saved nothing reads the defaults of the issue', async () => {
    const res = await h.request('GET', '/api/appointment-settings', { cookie: agentA });
    const { settings } = await json<{ settings: Record<string, unknown> }>(res);
    expect(settings).toMatchObject({
      isDefault: true,
      timezone: 'Asia/Jerusalem',
      slotMinutes: 30,
      windowDays: 30,
      noticeMinutes: 60,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
    });
    expect((settings.weeklyHours as Record<string, unknown>).sun).toEqual([{ start: '09:00', end: '17:00' }]);
    expect((settings.weeklyHours as Record<string, unknown>).fri).toEqual([]);
  });

  test('an owner replaces the settings, an agent may not', async () => {
    const body = fullSettings({ slotMinutes: 45 });
    expect((await h.request('PUT', '/api/appointment-settings', { cookie: agentA, body })).status).toBe(403);
    const res = await h.request('PUT', '/api/appointment-settings', { cookie: ownerB, body });
    expect(res.status).toBe(200);
    const read = await json<{ settings: { slotMinutes: number; isDefault: boolean } }>(
      await h.request('GET', '/api/appointment-settings', { cookie: ownerB }),
    );
    expect(read.settings).toMatchObject({ slotMinutes: 45, isDefault: false });
  });

  test('overlapping or inverted hours are refused, naming the day', async () => {
    const weeklyHours = {
      ...DEFAULT_SETTINGS.weeklyHours,
      mon: [
        { start: '09:00', end: '13:00' },
        { start: '12:00', end: '15:00' },
      ],
      tue: [{ start: '17:00', end: '09:00' }],
    };
    const res = await h.request('PUT', '/api/appointment-settings', {
      cookie: ownerB,
      body: fullSettings({ weeklyHours }),
    });
    expect(res.status).toBe(400);
    expect(Object.keys((await json<ErrorBody>(res)).error.details?.fields ?? {}).sort()).toEqual([
      'weeklyHours.mon',
      'weeklyHours.tue',
    ]);
  });
});

describe('availability and booking', () => {
  const day = businessDay(3);

  test('free slots carry the business offset, and a booking takes its slot away', async () => {
    const path = `/api/availability?from=${day}&to=${day}`;
    const before = await json<{ slots: { start: string; end: string }[] }>(
      await h.request('GET', path, { cookie: agentA }),
    );
    expect(before.slots).toHaveLength(16);
    expect(before.slots[0]).toEqual({ start: at(day, '09:00'), end: at(day, '09:30') });
    expect(before.slots[0]?.start).toMatch(/T09:00:00\+0[23]:00$/);
    const res = await book(agentA, {
      startsAt: at(day, '10:00'),
      lead: { name: 'דנה', phone: '054-1234567' },
    });
    expect(res.status).toBe(201);
    const { appointment } = await json<{ appointment: Appointment }>(res);
    expect(appointment).toMatchObject({
      startsAt: at(day, '10:00'),
      endsAt: at(day, '10:30'),
      status: 'booked',
    });
    expect(appointment.lead?.phone).toBe('+972541234567');
    const after = await json<{ slots: { start: string }[] }>(
      await h.request('GET', path, { cookie: agentA }),
    );
    expect(after.slots.map((s) => s.start)).not.toContain(at(day, '10:00'));
    expect(after.slots).toHaveLength(15);
  });

  test('a taken or overlapping time is a 409', async () => {
    const taken = await book(agentA, { startsAt: at(day, '10:15') });
    expect(taken.status).toBe(409);
    expect((await json<ErrorBody>(taken)).error.details?.reason).toBe('slot_taken');
    expect((await book(agentA, { startsAt: at(day, '10:30') })).status).toBe(201);
  });

  test.each([
    ['outside_hours', () => at(businessDay(4), '17:00')],
    ['outside_hours', () => at(businessDay(4), '08:45')],
    ['too_soon', () => new Date(Date.now() + 10 * 60_000).toISOString()],
    ['outside_window', () => at(businessDay(32), '10:00')],
  ])('a booking refused by the rules is a 400 naming %s', async (reason, startsAt) => {
    const res = await book(agentA, { startsAt: startsAt() });
    expect(res.status).toBe(400);
    expect((await json<ErrorBody>(res)).error).toMatchObject({ code: 'not_bookable', details: { reason } });
  });

  test('a closed date is refused by booking and empty in availability', async () => {
    const closed = businessDay(5);
    await h.request('PUT', '/api/appointment-settings', {
      cookie: ownerB,
      body: fullSettings({ closedDates: [closed] }),
    });
    const res = await book(ownerB, { startsAt: at(closed, '10:00') });
    expect((await json<ErrorBody>(res)).error.details?.reason).toBe('closed_date');
    const free = await json<{ slots: unknown[] }>(
      await h.request('GET', `/api/availability?from=${closed}&to=${closed}`, { cookie: ownerB }),
    );
    expect(free.slots).toEqual([]);
  });

  test('buffers keep the neighbouring times of an appointment free', async () => {
    const d = businessDay(6);
    await h.request('PUT', '/api/appointment-settings', {
      cookie: ownerB,
      body: fullSettings({ bufferBeforeMinutes: 15, bufferAfterMinutes: 15 }),
    });
    expect((await book(ownerB, { startsAt: at(d, '11:00') })).status).toBe(201);
    // 11:30 + the 15 minutes after the first + the 15 before the second overlap.
    expect((await book(ownerB, { startsAt: at(d, '11:30') })).status).toBe(409);
    expect((await book(ownerB, { startsAt: at(d, '12:00') })).status).toBe(201);
  });

  test('the same idempotency key twice gives the same appointment', async () => {
    const body = { startsAt: at(day, '14:00'), idempotencyKey: 'call-123-booking' };
    const first = await book(agentA, body);
    const second = await book(agentA, body);
    expect([first.status, second.status]).toEqual([201, 200]);
    const a = await json<{ appointment: Appointment }>(first);
    const b = await json<{ appointment: Appointment }>(second);
    expect(b.appointment.id).toBe(a.appointment.id);
  });

  test('booking for a known phone reuses its lead', async () => {
    const res = await book(agentA, { startsAt: at(day, '15:00'), lead: { phone: '+972 54-123-4567' } });
    const { appointment } = await json<{ appointment: Appointment }>(res);
    const leads = await json<{ leads: { id: string }[]; total: number }>(
      await h.request('GET', '/api/leads?q=0541234567', { cookie: agentA }),
    );
    expect(leads.total).toBe(1);
    expect(appointment.lead?.id).toBe(leads.leads[0]?.id ?? '');
  });
});

describe('rescheduling and cancelling', () => {
  const day = businessDay(7);

  test('a move frees the old time; a cancellation frees it too, for good', async () => {
    const { appointment } = await json<{ appointment: Appointment }>(
      await book(agentA, { startsAt: at(day, '09:00') }),
    );
    const moved = await h.request('PATCH', `/api/appointments/${appointment.id}`, {
      cookie: agentA,
      body: { startsAt: at(day, '13:00') },
    });
    expect((await json<{ appointment: Appointment }>(moved)).appointment.startsAt).toBe(at(day, '13:00'));
    expect((await book(agentA, { startsAt: at(day, '09:00') })).status).toBe(201);
    expect((await book(agentA, { startsAt: at(day, '13:00') })).status).toBe(409);

    const cancelled = await h.request('PATCH', `/api/appointments/${appointment.id}`, {
      cookie: agentA,
      body: { status: 'cancelled' },
    });
    expect((await json<{ appointment: Appointment }>(cancelled)).appointment.status).toBe('cancelled');
    expect((await book(agentA, { startsAt: at(day, '13:00') })).status).toBe(201);
    const again = await h.request('PATCH', `/api/appointments/${appointment.id}`, {
      cookie: agentA,
      body: { startsAt: at(day, '15:00') },
    });
    expect(again.status).toBe(409);
    const revive = await h.request('PATCH', `/api/appointments/${appointment.id}`, {
      cookie: agentA,
      body: { status: 'booked' },
    });
    expect((await json<ErrorBody>(revive)).error.details?.reason).toBe('invalid_transition');
  });

  test('moving onto a taken time is a 409 and leaves the appointment where it was', async () => {
    const first = await json<{ appointment: Appointment }>(
      await book(agentA, { startsAt: at(day, '10:00') }),
    );
    await book(agentA, { startsAt: at(day, '11:00') });
    const res = await h.request('PATCH', `/api/appointments/${first.appointment.id}`, {
      cookie: agentA,
      body: { startsAt: at(day, '11:00') },
    });
    expect(res.status).toBe(409);
    const read = await json<{ appointment: Appointment }>(
      await h.request('GET', `/api/appointments/${first.appointment.id}`, { cookie: agentA }),
    );
    expect(read.appointment.startsAt).toBe(at(day, '10:00'));
  });

  test('the calendar lists the days asked for, in order, with every status', async () => {
    const list = await json<{ appointments: Appointment[] }>(
      await h.request('GET', `/api/appointments?from=${day}&to=${day}`, { cookie: agentA }),
    );
    const starts = list.appointments.map((a) => `${a.startsAt.slice(11, 16)} ${a.status}`);
    expect(starts).toEqual([
      '09:00 booked',
      '10:00 booked',
      '11:00 booked',
      '13:00 cancelled',
      '13:00 booked',
    ]);
  });
});

test("another business's appointment is not found, and its calendar is not visible", async () => {
  const d = businessDay(8);
  const { appointment } = await json<{ appointment: Appointment }>(
    await book(ownerB, { startsAt: at(d, '16:00') }),
  );
  expect((await h.request('GET', `/api/appointments/${appointment.id}`, { cookie: ownerA })).status).toBe(
    404,
  );
  const patch = await h.request('PATCH', `/api/appointments/${appointment.id}`, {
    cookie: ownerA,
    body: { status: 'cancelled' },
  });
  expect(patch.status).toBe(404);
  const list = await h.request('GET', `/api/appointments?from=${d}&to=${d}`, { cookie: ownerA });
  expect(await list.text()).not.toContain(appointment.id);
  // Business a's calendar is free at the time b booked.
  expect((await book(ownerA, { startsAt: at(d, '16:00') })).status).toBe(201);
});

test('a range of more than 62 days or running backwards is a 400', async () => {
  const today = localParts(Date.now(), 'Asia/Jerusalem').date;
  for (const [from, to] of [
    [today, addDays(today, 62)],
    [today, addDays(today, -1)],
  ]) {
    const res = await h.request('GET', `/api/availability?from=${from}&to=${to}`, { cookie: agentA });
    expect(res.status).toBe(400);
  }
});
