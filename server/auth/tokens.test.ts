import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { sign } from 'hono/jwt';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness, testConfig } from '../test/harness';

let h: Harness;
let base: Record<string, unknown>;
const { secret, issuer, audience } = testConfig().jwt;
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  h = await createHarness();
  base = {
    sub: h.a.users.owner.id,
    role: 'owner',
    bid: h.a.id,
    tv: 0,
    sat: now(),
    iat: now(),
    exp: now() + 600,
    iss: issuer,
    aud: audience,
  };
}, HOOK_TIMEOUT_MS);
afterAll(() => h.close());

const me = (token: string) => h.request('GET', '/api/auth/me', { cookie: `prosaas_session=${token}` });
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const without = (key: string) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== key));

describe('a session token is refused when', () => {
  test('well formed (control: the same claims signed properly are accepted)', async () => {
    expect((await me(await sign(base, secret, 'HS256'))).status).toBe(200);
  });

  test('alg is none', async () => {
    expect((await me(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(base)}.`)).status).toBe(401);
  });

  test('alg is another HMAC than HS256', async () => {
    expect((await me(await sign(base, secret, 'HS512'))).status).toBe(401);
  });

  for (const claim of ['exp', 'iat', 'iss', 'aud', 'tv', 'sub']) {
    test(`${claim} is missing`, async () => {
      expect((await me(await sign(without(claim), secret, 'HS256'))).status).toBe(401);
    });
  }

  test('the audience or issuer is another one', async () => {
    expect((await me(await sign({ ...base, aud: 'someone-else' }, secret, 'HS256'))).status).toBe(401);
    expect((await me(await sign({ ...base, iss: 'someone-else' }, secret, 'HS256'))).status).toBe(401);
  });

  test('expired', async () => {
    expect(
      (await me(await sign({ ...base, iat: now() - 1000, exp: now() - 10 }, secret, 'HS256'))).status,
    ).toBe(401);
  });

  test('past the absolute session maximum even if exp is later', async () => {
    const maxAge = testConfig().jwt.maxSessionSeconds;
    expect((await me(await sign({ ...base, sat: now() - maxAge - 5 }, secret, 'HS256'))).status).toBe(401);
  });

  test('tampered (role raised after signing)', async () => {
    const token = await sign(base, secret, 'HS256');
    const [head, , sig] = token.split('.');
    expect((await me(`${head}.${b64({ ...base, role: 'system_admin', bid: null })}.${sig}`)).status).toBe(
      401,
    );
  });

  test('signed with another secret', async () => {
    expect((await me(await sign(base, 'another-secret-another-secret-another-secret', 'HS256'))).status).toBe(
      401,
    );
  });

  test("the claimed role differs from the user's role", async () => {
    expect((await me(await sign({ ...base, role: 'admin' }, secret, 'HS256'))).status).toBe(401);
  });

  test('the user was disabled after the token was issued', async () => {
    const agent = await h.login(h.b.users.agent.email);
    expect((await h.request('GET', '/api/auth/me', { cookie: agent })).status).toBe(200);
    const owner = await h.login(h.b.users.owner.email);
    const res = await h.request('PATCH', `/api/users/${h.b.users.agent.id}`, {
      cookie: owner,
      body: { disabled: true },
    });
    expect(res.status).toBe(200);
    expect((await h.request('GET', '/api/auth/me', { cookie: agent })).status).toBe(401);
  });
});

test('a token past half its life is renewed with the same session start', async () => {
  const old = { ...base, iat: now() - testConfig().jwt.ttlSeconds + 30, exp: now() + 30 };
  const res = await me(await sign(old, secret, 'HS256'));
  expect(res.status).toBe(200);
  expect(res.headers.get('set-cookie')).toMatch(/^prosaas_session=ey/);
});
