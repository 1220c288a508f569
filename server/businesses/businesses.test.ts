import { afterAll, beforeAll, expect, test } from 'bun:test';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness } from '../test/harness';

let h: Harness;
let root: string;
beforeAll(async () => {
  h = await createHarness();
  root = await h.login(h.sysadmin.email);
}, HOOK_TIMEOUT_MS);
afterAll(() => h.close());

interface Business {
  id: string;
  name: string;
  timezone: string;
  status: string;
  phoneNumbers: string[];
  features: Record<string, boolean>;
}

test('a system admin creates a business, its owner logs in and sees only that business', async () => {
  const res = await h.request('POST', '/api/businesses', {
    cookie: root,
    body: { name: 'מספרה חדשה', phoneNumbers: ['03-555-0199'] },
  });
  expect(res.status).toBe(201);
  const { business } = (await res.json()) as { business: Business };
  expect(business).toMatchObject({
    name: 'מספרה חדשה',
    timezone: 'Asia/Jerusalem',
    status: 'active',
    phoneNumbers: ['+97235550199'],
    features: { payments: false, contracts: false },
  });
  const created = await h.request('POST', '/api/users', {
    cookie: root,
    body: {
      email: 'owner@new.test',
      password: 'Bright-Lake-2026!',
      name: 'בעלים',
      role: 'owner',
      businessId: business.id,
    },
  });
  expect(created.status).toBe(201);
  const owner = await h.login('owner@new.test', 'Bright-Lake-2026!');
  const list = (await (await h.request('GET', '/api/businesses', { cookie: owner })).json()) as {
    businesses: Business[];
  };
  expect(list.businesses.map((b) => b.id)).toEqual([business.id]);
});

test('a phone number already held by another business is a 409', async () => {
  const res = await h.request('POST', '/api/businesses', {
    cookie: root,
    body: { name: 'Copycat', phoneNumbers: [h.a.phone.replace('+972', '0')] },
  });
  expect(res.status).toBe(409);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('conflict');
});

test('invalid input is a 400 that names each bad field', async () => {
  const res = await h.request('POST', '/api/businesses', {
    cookie: root,
    body: { name: '', phoneNumbers: ['+97235550177', 'not a phone'], timezone: 'Mars/Olympus' },
  });
  expect(res.status).toBe(400);
  const { error } = (await res.json()) as {
    error: { code: string; details: { fields: Record<string, string> } };
  };
  expect(error.code).toBe('validation_failed');
  expect(Object.keys(error.details.fields).sort()).toEqual(['name', 'timezone']);
  const phone = await h.request('POST', '/api/businesses', {
    cookie: root,
    body: { name: 'x', phoneNumbers: ['+97235550177', 'not a phone'] },
  });
  expect(((await phone.json()) as { error: { details: { fields: object } } }).error.details.fields).toEqual({
    'phoneNumbers.1': 'is not a valid phone number',
  });
});

test('an owner renames their business but cannot suspend it; a system admin can', async () => {
  const owner = await h.login(h.a.users.owner.email);
  const renamed = await h.request('PATCH', `/api/businesses/${h.a.id}`, {
    cookie: owner,
    body: { name: 'שם חדש' },
  });
  expect(((await renamed.json()) as { business: Business }).business.name).toBe('שם חדש');
  expect(
    (await h.request('PATCH', `/api/businesses/${h.a.id}`, { cookie: owner, body: { status: 'suspended' } }))
      .status,
  ).toBe(403);
  const suspended = await h.request('PATCH', `/api/businesses/${h.a.id}`, {
    cookie: root,
    body: { status: 'suspended' },
  });
  expect(suspended.status).toBe(200);
  // A suspended business's users are signed out and cannot sign in.
  expect((await h.request('GET', '/api/auth/me', { cookie: owner })).status).toBe(401);
  const login = await h.request('POST', '/api/auth/login', {
    body: { email: h.a.users.agent.email, password: 'Correct-Horse-Battery-9' },
  });
  expect(login.status).toBe(403);
  await h.request('PATCH', `/api/businesses/${h.a.id}`, { cookie: root, body: { status: 'active' } });
});

test("a system admin's cross-business actions are audited with who and what", async () => {
  await h.request('GET', `/api/users?businessId=${h.b.id}`, { cookie: root });
  const { auditLog } = await import('../../db/schema');
  const rows = await h.db.withTenant(h.b.id, (tx) => tx.select().from(auditLog));
  const entry = rows.find((r) => r.action === 'admin.user.list');
  expect(entry?.actorEmail).toBe(h.sysadmin.email);
  expect(entry?.businessId).toBe(h.b.id);
});
