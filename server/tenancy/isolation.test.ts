import { afterAll, beforeAll, expect, test } from 'bun:test';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness } from '../test/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ poolSize: 2 });
}, HOOK_TIMEOUT_MS);
afterAll(() => h.close());

const otherTenantIds = () => [h.b.id, ...Object.values(h.b.users).map((u) => u.id)];

test("lists never include another tenant's rows, for any tenant role", async () => {
  for (const user of Object.values(h.a.users)) {
    const cookie = await h.login(user.email);
    for (const path of ['/api/businesses', '/api/users', '/api/overview']) {
      const res = await h.request('GET', path, { cookie });
      const text = await res.text();
      for (const id of otherTenantIds()) expect(text).not.toContain(id);
    }
  }
});

test("every id-taking route answers 404 for another tenant's ids, whatever the id names", async () => {
  const cookie = await h.login(h.a.users.owner.email);
  const ids = [...otherTenantIds(), h.sysadmin.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid'];
  for (const id of ids) {
    for (const [method, path, body] of [
      ['GET', `/api/businesses/${id}`, undefined],
      ['PATCH', `/api/businesses/${id}`, { name: 'x' }],
      ['GET', `/api/users/${id}`, undefined],
      ['PATCH', `/api/users/${id}`, { name: 'x' }],
      ['GET', `/api/users?businessId=${id}`, undefined],
      ['GET', `/api/overview?businessId=${id}`, undefined],
    ] as const) {
      const res = await h.request(method, path, { cookie, body });
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
  }
});

/** A small deterministic PRNG so a failure replays the same way. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

test('500 requests alternating tenants on a pool of 2, with random failures, never leak a row', async () => {
  const tenants = [
    { fixture: h.a, cookie: await h.login(h.a.users.owner.email) },
    { fixture: h.b, cookie: await h.login(h.b.users.owner.email) },
  ] as const;
  const random = prng(20261124);
  const leaks: string[] = [];
  const statuses = new Map<number, number>();
  const one = async (i: number) => {
    const [t, other] = i % 2 === 0 ? [tenants[0], tenants[1].fixture] : [tenants[1], tenants[0].fixture];
    const own = new Set([t.fixture.id, ...Object.values(t.fixture.users).map((u) => u.id)]);
    const r = random();
    let res: Response;
    if (r < 0.3) res = await h.request('GET', '/api/users', { cookie: t.cookie });
    else if (r < 0.45) res = await h.request('GET', '/api/overview', { cookie: t.cookie });
    // Fails inside the transaction, after the tenant was set: the next user of that
    // connection must not inherit it.
    else if (r < 0.6)
      res = await h.request('PATCH', `/api/users/${t.fixture.users.agent.id}`, {
        cookie: t.cookie,
        body: { password: 'short' },
      });
    else if (r < 0.75)
      res = await h.request('GET', `/api/users/${other.users.agent.id}`, { cookie: t.cookie });
    else if (r < 0.85)
      res = await h.request('PATCH', '/api/users/not-an-id', { cookie: t.cookie, body: { bogus: 1 } });
    else res = await h.request('GET', '/api/businesses', { cookie: t.cookie });
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    const body = (await res.json()) as { users?: { id: string }[]; businesses?: { id: string }[] };
    for (const row of [...(body.users ?? []), ...(body.businesses ?? [])]) {
      if (!own.has(row.id)) leaks.push(`request ${i}: ${row.id}`);
    }
  };
  for (let i = 0; i < 500; i += 10) {
    await Promise.all(Array.from({ length: 10 }, (_, k) => one(i + k)));
  }
  expect(leaks).toEqual([]);
  // The mix really did include successes, in-transaction failures and refusals.
  expect(statuses.get(200)).toBeGreaterThan(100);
  expect(statuses.get(400)).toBeGreaterThan(20);
  expect(statuses.get(404)).toBeGreaterThan(20);
});
