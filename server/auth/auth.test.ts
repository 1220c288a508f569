import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness, TEST_PASSWORD } from '../test/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
}, HOOK_TIMEOUT_MS);
afterAll(() => h.close());

describe('login', () => {
  test('returns the user and sets an HttpOnly, SameSite=Lax session cookie', async () => {
    const res = await h.request('POST', '/api/auth/login', {
      body: { email: h.a.users.owner.email, password: TEST_PASSWORD },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { user: Record<string, unknown> };
    expect(body.user).toEqual({
      id: h.a.users.owner.id,
      email: h.a.users.owner.email,
      name: 'owner a',
      role: 'owner',
      businessId: h.a.id,
    });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^prosaas_session=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
  });

  test('answers the same 401 for an unknown email and a wrong password', async () => {
    const unknown = await h.request('POST', '/api/auth/login', {
      body: { email: 'nobody@x.test', password: TEST_PASSWORD },
    });
    const wrong = await h.request('POST', '/api/auth/login', {
      body: { email: h.a.users.agent.email, password: 'Wrong-password-123' },
    });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(await unknown.json()).toEqual(await wrong.json());
  });

  test('me answers 401 without a session and the user with one', async () => {
    expect((await h.request('GET', '/api/auth/me')).status).toBe(401);
    const cookie = await h.login(h.b.users.agent.email);
    const res = await h.request('GET', '/api/auth/me', { cookie });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { user: { role: string }; business: Record<string, unknown> };
    expect(body.user.role).toBe('agent');
    expect(body.business).toEqual({
      id: h.b.id,
      name: 'Business b',
      features: { payments: false, contracts: false },
    });
  });

  test('logout clears the cookie', async () => {
    const res = await h.request('POST', '/api/auth/logout');
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/prosaas_session=;.*Max-Age=0/);
  });
});
