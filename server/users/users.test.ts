import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness, TEST_PASSWORD } from '../test/harness';

let h: Harness;
let owner: string;
let admin: string;
let root: string;
beforeAll(async () => {
  h = await createHarness();
  owner = await h.login(h.a.users.owner.email);
  admin = await h.login(h.a.users.admin.email);
  root = await h.login(h.sysadmin.email);
}, HOOK_TIMEOUT_MS);
afterAll(() => h.close());

const newUser = (role: string, extra: Record<string, unknown> = {}) => ({
  email: `${role}.${crypto.randomUUID().slice(0, 8)}@users.test`,
  password: TEST_PASSWORD,
  name: 'משתמש חדש',
  role,
  ...extra,
});

describe('granting roles', () => {
  test('an owner creates admins and agents in their own business', async () => {
    for (const role of ['admin', 'agent']) {
      const res = await h.request('POST', '/api/users', { cookie: owner, body: newUser(role) });
      expect(res.status).toBe(201);
      expect(((await res.json()) as { user: { businessId: string } }).user.businessId).toBe(h.a.id);
    }
  });

  test('nobody but a system admin grants a role at or above their own', async () => {
    expect((await h.request('POST', '/api/users', { cookie: owner, body: newUser('owner') })).status).toBe(
      403,
    );
    expect((await h.request('POST', '/api/users', { cookie: admin, body: newUser('admin') })).status).toBe(
      403,
    );
    expect((await h.request('POST', '/api/users', { cookie: admin, body: newUser('agent') })).status).toBe(
      201,
    );
    const promote = await h.request('PATCH', `/api/users/${h.a.users.agent.id}`, {
      cookie: admin,
      body: { role: 'admin' },
    });
    expect(promote.status).toBe(403);
  });

  test('an admin cannot change an owner or another admin', async () => {
    expect(
      (await h.request('PATCH', `/api/users/${h.a.users.owner.id}`, { cookie: admin, body: { name: 'x' } }))
        .status,
    ).toBe(403);
  });

  test('only a system admin creates an owner, in the business it names', async () => {
    const res = await h.request('POST', '/api/users', {
      cookie: root,
      body: newUser('owner', { businessId: h.b.id }),
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { user: { businessId: string } }).user.businessId).toBe(h.b.id);
  });

  test('nobody changes their own role or disables themselves', async () => {
    const res = await h.request('PATCH', `/api/users/${h.a.users.owner.id}`, {
      cookie: owner,
      body: { disabled: true },
    });
    expect(res.status).toBe(403);
  });
});

describe('passwords and sessions', () => {
  test('a short or common password is refused with the field named', async () => {
    for (const password of ['short1', '1234567890', 'password123']) {
      const res = await h.request('POST', '/api/users', {
        cookie: owner,
        body: newUser('agent', { password }),
      });
      expect(res.status).toBe(400);
      const body = (await res.json()) as {
        error: { code: string; details: { fields: Record<string, string> } };
      };
      expect(body.error.code).toBe('weak_password');
      expect(body.error.details.fields.password).toBeString();
    }
  });

  test("a password reset ends the user's sessions at once and the new password works", async () => {
    const created = await h.request('POST', '/api/users', { cookie: owner, body: newUser('agent') });
    const { user } = (await created.json()) as { user: { id: string; email: string } };
    const session = await h.login(user.email);
    const reset = await h.request('PATCH', `/api/users/${user.id}`, {
      cookie: owner,
      body: { password: 'A-brand-new-passphrase-7' },
    });
    expect(reset.status).toBe(200);
    expect((await h.request('GET', '/api/auth/me', { cookie: session })).status).toBe(401);
    await h.login(user.email, 'A-brand-new-passphrase-7');
  });

  test('a disabled user cannot log in', async () => {
    const created = await h.request('POST', '/api/users', { cookie: owner, body: newUser('agent') });
    const { user } = (await created.json()) as { user: { id: string; email: string } };
    await h.request('PATCH', `/api/users/${user.id}`, { cookie: owner, body: { disabled: true } });
    const res = await h.request('POST', '/api/auth/login', {
      body: { email: user.email, password: TEST_PASSWORD },
    });
    expect(res.status).toBe(401);
  });

  test('a duplicate email is a 409 naming the field', async () => {
    const res = await h.request('POST', '/api/users', {
      cookie: owner,
      body: newUser('agent', { email: h.b.users.agent.email }),
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { details: unknown } }).error.details).toEqual({
      fields: { email: 'is already in use' },
    });
  });
});

test('role changes, disabling and failed logins are in the audit log with who and from where', async () => {
  const created = await h.request('POST', '/api/users', { cookie: owner, body: newUser('agent') });
  const { user } = (await created.json()) as { user: { id: string; email: string } };
  await h.request('PATCH', `/api/users/${user.id}`, { cookie: owner, body: { role: 'admin' } });
  await h.request('PATCH', `/api/users/${user.id}`, { cookie: owner, body: { disabled: true } });
  await h.request('POST', '/api/auth/login', { body: { email: user.email, password: 'Wrong-password-42' } });
  const { auditLog } = await import('../../db/schema');
  const rows = await h.db.withTenant(h.a.id, (tx) => tx.select().from(auditLog));
  const mine = rows.filter((r) => r.targetId === user.id || r.actorUserId === user.id);
  expect(mine.map((r) => r.action).sort()).toEqual([
    'auth.login_failed',
    'user.create',
    'user.disable',
    'user.role_change',
  ]);
  const roleChange = mine.find((r) => r.action === 'user.role_change');
  expect(roleChange?.actorEmail).toBe(h.a.users.owner.email);
  expect(roleChange?.details).toEqual({ from: 'agent', to: 'admin' });
  expect(roleChange?.ip).toBeString();
});
