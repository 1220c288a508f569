import { afterAll, beforeAll, expect, test } from 'bun:test';
import { bulkSeed } from '../test/bulk-seed';
import { createHarness, type Harness } from '../test/harness';
import { claimPlanCheck, searchPlanChecks } from '../test/plans';

/**
 * On enough data that a sequential scan would be the planner's choice without an index:
 * the search and the job claim are served by their indexes, and the list's total stops
 * counting at 10,000.
 */
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await bulkSeed(h.db, h.a.id, {
    leads: 12_000,
    notes: 12_000,
    calls: 100,
    messages: 100,
    finishedJobs: 30_000,
    queuedJobs: 20,
    notifications: 0,
    busyLeadEvents: 40,
  });
}, 180_000);
afterAll(() => h.close());

test('each kind of search reads its trigram index', async () => {
  for (const check of await searchPlanChecks(h.db, h.a.id)) {
    expect({ search: check.label, indexed: check.ok, plan: check.ok ? '' : check.plan }).toEqual({
      search: check.label,
      indexed: true,
      plan: '',
    });
  }
});

test('the claim reads only the partial indexes of queued and running jobs, not the finished history', async () => {
  const check = await claimPlanCheck(h.db);
  expect(check.ok ? '' : check.plan).toBe('');
  expect(check.plan).not.toMatch(/Seq Scan on jobs/);
});

test('the list says 10,000+ instead of counting every lead', async () => {
  const owner = await h.login(h.a.users.owner.email);
  const res = await h.request('GET', '/api/leads?limit=5', { cookie: owner });
  const page = (await res.json()) as { total: number; totalCapped: boolean; leads: unknown[] };
  expect([page.total, page.totalCapped, page.leads.length]).toEqual([10_000, true, 5]);
  const one = await h.request('GET', `/api/leads?q=${encodeURIComponent('לקוח 11999')}`, { cookie: owner });
  expect(((await one.json()) as { total: number }).total).toBe(1);
});
