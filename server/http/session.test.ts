import { expect, test } from 'bun:test';
import { Hono } from 'hono';
import { sessionCookie } from './session';

async function cookieHeader(secure: boolean) {
  const cookie = sessionCookie({ secure, ttlSeconds: 900 });
  const app = new Hono();
  app.get('/', (c) => {
    cookie.write(c, 'token-value');
    return c.body(null, 204);
  });
  const res = await app.request('https://prosaas.example/');
  return res.headers.get('set-cookie') ?? '';
}

test('in production the session cookie is __Host- prefixed, Secure, HttpOnly, SameSite=Lax, path /', async () => {
  const header = await cookieHeader(true);
  expect(header).toStartWith('__Host-prosaas_session=token-value');
  for (const part of ['Secure', 'HttpOnly', 'SameSite=Lax', 'Path=/', 'Max-Age=900'])
    expect(header).toContain(part);
  expect(header).not.toContain('Domain=');
});

test('in development the cookie has no prefix and no Secure flag, so http://localhost works', async () => {
  const header = await cookieHeader(false);
  expect(header).toStartWith('prosaas_session=token-value');
  expect(header).not.toContain('Secure');
});

test('the production cookie is read back only under its prefixed name', async () => {
  const cookie = sessionCookie({ secure: true, ttlSeconds: 900 });
  const app = new Hono();
  app.get('/', (c) => c.text(cookie.read(c) ?? 'none'));
  const prefixed = await app.request('https://prosaas.example/', {
    headers: { cookie: '__Host-prosaas_session=abc' },
  });
  const bare = await app.request('https://prosaas.example/', { headers: { cookie: 'prosaas_session=abc' } });
  expect(await prefixed.text()).toBe('abc');
  expect(await bare.text()).toBe('none');
});
