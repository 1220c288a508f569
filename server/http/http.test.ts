import { afterAll, beforeAll, expect, test } from 'bun:test';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness, TEST_ORIGIN, TEST_PASSWORD } from '../test/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ throttle: { windowMs: 60_000, perEmail: 3, perIp: 1000 } });
}, HOOK_TIMEOUT_MS);
afterAll(() => h.close());

test('an oversized body is refused with 413 in the one error shape', async () => {
  const res = await h.app.request(`${TEST_ORIGIN}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: TEST_ORIGIN },
    body: JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(400_000) }),
  });
  expect(res.status).toBe(413);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
});

test('a form post from another origin is refused (CSRF)', async () => {
  const res = await h.app.request(`${TEST_ORIGIN}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
    body: 'email=a&password=b',
  });
  expect(res.status).toBe(403);
});

test('a same-origin non-JSON body is refused with 415', async () => {
  const res = await h.app.request(`${TEST_ORIGIN}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', origin: TEST_ORIGIN },
    body: 'hello',
  });
  expect(res.status).toBe(415);
});

test('unknown API routes answer 404 in the one error shape', async () => {
  const res = await h.request('GET', '/api/nothing-here');
  expect(res.status).toBe(404);
  expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'No such route' } });
});

test('responses carry HSTS of a year and a CSP', async () => {
  const res = await h.request('GET', '/health');
  expect(res.headers.get('strict-transport-security')).toContain('max-age=31536000');
  expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  expect(res.headers.get('x-request-id')).toBeString();
});

test('repeated failures for one email answer 429 with Retry-After, even for the right password', async () => {
  const email = h.b.users.admin.email;
  for (let i = 0; i < 3; i++) {
    expect(
      (await h.request('POST', '/api/auth/login', { body: { email, password: 'Wrong-password-1' } })).status,
    ).toBe(401);
  }
  const res = await h.request('POST', '/api/auth/login', { body: { email, password: TEST_PASSWORD } });
  expect(res.status).toBe(429);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  // Another account from the same IP is not locked by it.
  expect(
    (
      await h.request('POST', '/api/auth/login', {
        body: { email: h.b.users.agent.email, password: TEST_PASSWORD },
      })
    ).status,
  ).toBe(200);
});

test('health answers 200 with the database up and 503 when it is unreachable', async () => {
  const up = await h.request('GET', '/health');
  expect(up.status).toBe(200);
  expect(await up.json()).toEqual({ status: 'ok', db: 'ok' });
  const other = await createHarness();
  await other.close();
  const down = await other.request('GET', '/health');
  expect(down.status).toBe(503);
  expect(((await down.json()) as { db: string }).db).toBe('unreachable');
});
