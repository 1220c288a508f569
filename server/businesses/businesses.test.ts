import { afterAll, beforeAll, expect, test } from 'bun:test';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness } from '../test/harness';
import { rejected } from '../test/settle';

let h: Harness;
let root: string;
beforeAll(async () => {
  // As in production without SMTP_URL: an owner's invitation link is handed to the system admin.
  h = await createHarness({ noMail: true });
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

test('a business created with its owner hands over a one-week link that sets the owner’s password', async () => {
  const res = await h.request('POST', '/api/businesses', {
    cookie: root,
    body: {
      name: 'מוסך הצפון',
      phoneNumbers: ['04-555-0111'],
      owner: { email: 'Avi@North-Garage.test', name: 'אבי' },
    },
  });
  expect(res.status).toBe(201);
  const { business, owner } = (await res.json()) as {
    business: Business;
    owner: { email: string; invitation: string; inviteLink: string };
  };
  expect(owner).toMatchObject({ email: 'avi@north-garage.test', invitation: 'link' });
  const token = /#token=([A-Za-z0-9_-]+)$/.exec(owner.inviteLink)?.[1] as string;
  expect(owner.inviteLink).toStartWith('http://localhost:3000/reset-password#token=');
  // Nobody can log in before the link is used.
  expect(await rejected(h.login('avi@north-garage.test', 'Anything-at-all-1'))).toThrow(/401/);
  const set = await h.request('POST', '/api/auth/password-reset', {
    body: { token, password: 'Garage-keys-2026' },
  });
  expect(set.status).toBe(204);
  const cookie = await h.login('avi@north-garage.test', 'Garage-keys-2026');
  const me = (await (await h.request('GET', '/api/auth/me', { cookie })).json()) as {
    user: { role: string; businessId: string };
  };
  expect(me.user).toMatchObject({ role: 'owner', businessId: business.id });
});

test('an owner email already in use leaves no business behind', async () => {
  const res = await h.request('POST', '/api/businesses', {
    cookie: root,
    body: {
      name: 'Duplicate owner',
      phoneNumbers: ['04-555-0122'],
      owner: { email: h.a.users.owner.email, name: 'x' },
    },
  });
  expect(res.status).toBe(409);
  const body = (await res.json()) as { error: { details: { fields: Record<string, string> } } };
  expect(Object.keys(body.error.details.fields)).toEqual(['owner.email']);
  const list = (await (await h.request('GET', '/api/businesses', { cookie: root })).json()) as {
    businesses: Business[];
  };
  expect(list.businesses.map((b) => b.name)).not.toContain('Duplicate owner');
});

test('a phone number already held by another business is a 409', async () => {
  const res = await h.request('POST', '/api/businesses', {
    cookie: root,
    body: { name: 'Copycat', phoneNumbers: [h.a.phone.replace('+972', '0')] },
  });
  expect(res.status).toBe(409);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('conflict');
});

test('invalid input is a 400 that names every bad field at once, phones included', async () => {
  const res = await h.request('POST', '/api/businesses', {
    cookie: root,
    body: { name: '', phoneNumbers: ['+97235550177', 'not a phone'], timezone: 'Mars/Olympus' },
  });
  expect(res.status).toBe(400);
  const { error } = (await res.json()) as {
    error: { code: string; details: { fields: Record<string, string> } };
  };
  expect(error.code).toBe('validation_failed');
  expect(Object.keys(error.details.fields).sort()).toEqual(['name', 'phoneNumbers.1', 'timezone']);
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
