/**
 * Every route × every role × (own business, another business), generated from the
 * route table and the permission table. A new route without a sample here fails the
 * test, so nothing is added to the API without being checked.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { can, ROLES, type Role } from '../auth/permissions';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness, TEST_PASSWORD } from '../test/harness';

let h: Harness;
const cookies = {} as Record<Role, string>;
let seq = 0;

beforeAll(async () => {
  h = await createHarness();
  cookies.system_admin = await h.login(h.sysadmin.email);
  cookies.owner = await h.login(h.a.users.owner.email);
  cookies.admin = await h.login(h.a.users.admin.email);
  cookies.agent = await h.login(h.a.users.agent.email);
}, HOOK_TIMEOUT_MS);
afterAll(() => h.close());

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
          const got = res.status >= 200 && res.status < 300 ? '2xx' : String(res.status);
          outcomes.push(`${key} → ${got}`);
          expected.push(`${key} → ${want}`);
        }
        expect(outcomes).toEqual(expected);
      });
    }
  }
});
