import { afterAll, beforeAll, expect, test } from 'bun:test';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness } from '../test/harness';
import type { OverviewFigures } from './figures';
import { EXPECTED, seedOverviewData } from './test-data';

let h: Harness;
let cookieA: string;
let cookieB: string;
let cookieAdmin: string;

beforeAll(async () => {
  h = await createHarness();
  const now = new Date();
  await seedOverviewData(h.db, h.a.id, now, 0);
  // Business B: a busier day of its own that A must never see.
  await seedOverviewData(h.db, h.b.id, now, 2);
  await seedOverviewData(h.db, h.b.id, now, 3);
  cookieA = await h.login(h.a.users.agent.email);
  cookieB = await h.login(h.b.users.owner.email);
  cookieAdmin = await h.login(h.sysadmin.email);
}, HOOK_TIMEOUT_MS);
afterAll(() => h.close());

async function figures(cookie: string, query: string): Promise<OverviewFigures> {
  const res = await h.request('GET', `/api/overview?${query}`, { cookie });
  expect(res.status).toBe(200);
  return ((await res.json()) as { figures: OverviewFigures }).figures;
}

test("today's overview counts exactly the day's calls, bookings, leads and conversations", async () => {
  const f = await figures(cookieA, 'period=today');
  const e = EXPECTED.today;
  expect(f.calls.answered).toBe(e.answered);
  expect(f.calls.missed).toBe(e.missed);
  expect(f.faqShare).toBeCloseTo(e.faqShare, 6);
  expect(f.outcomes).toEqual(e.outcomes);
  expect(f.bookings).toEqual({ byAssistant: e.bookingsByAssistant, total: e.bookingsTotal });
  expect(f.leadsBySource).toEqual(e.leadsBySource);
  expect(f.whatsappConversations).toBe(e.whatsappConversations);
  // Latencies come from the roll-up's 4 %-wide buckets: within 2 % of the exact median.
  expect(Math.abs((f.greetingMs.median ?? 0) - e.greetingMedian)).toBeLessThanOrEqual(
    e.greetingMedian * 0.02,
  );
  expect(Math.abs((f.turnLatencyMs.median ?? 0) - e.turnMedian)).toBeLessThanOrEqual(e.turnMedian * 0.02);
  expect(f.turnLatencyMs.turns).toBe(5);
  expect(f.byHour.reduce((a, b) => a + b, 0)).toBe(e.answered + e.missed);
  // Today is charted by the hour, every hour since local midnight present.
  expect(f.series.reduce((a, s) => a + s.answered, 0)).toBe(e.answered);
  expect(f.series.at(-1)?.answered).toBeGreaterThan(0);
});

test('the 30 days include the older calls, bookings and conversations; 7 days do not', async () => {
  const month = await figures(cookieA, 'period=30d');
  expect(month.calls.answered).toBe(EXPECTED.month.answered);
  expect(month.whatsappConversations).toBe(EXPECTED.month.whatsappConversations);
  expect(month.bookings.byAssistant).toBe(EXPECTED.month.bookingsByAssistant);
  expect(month.series).toHaveLength(30);
  const week = await figures(cookieA, 'period=7d');
  expect(week.calls.answered).toBe(EXPECTED.today.answered);
  expect(week.series).toHaveLength(7);
});

test("each business sees only its own numbers, another's id in the query is refused", async () => {
  const b = await figures(cookieB, 'period=today');
  expect(b.calls.answered).toBe(2 * EXPECTED.today.answered);
  expect(b.whatsappConversations).toBe(2 * EXPECTED.today.whatsappConversations);
  const a = await figures(cookieA, 'period=today');
  expect(a.calls.answered).toBe(EXPECTED.today.answered);
  const other = await h.request('GET', `/api/overview?period=today&businessId=${h.b.id}`, {
    cookie: cookieA,
  });
  expect(other.status).toBe(404);
  // The system admin picks a business and sees that business's own figures.
  const picked = await figures(cookieAdmin, `period=today&businessId=${h.b.id}`);
  expect(picked.calls.answered).toBe(2 * EXPECTED.today.answered);
});

test('an unknown period is a 400, not a default', async () => {
  const res = await h.request('GET', '/api/overview?period=year', { cookie: cookieA });
  expect(res.status).toBe(400);
});
