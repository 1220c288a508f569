import { expect, test } from 'bun:test';
import { Hono } from 'hono';
import type { AppEnv } from './env';
import { DATABASE_RETRY_AFTER_SECONDS, handleError } from './errors';

function appThrowing(err: Error) {
  const app = new Hono<AppEnv>();
  app.get('/x', () => {
    throw err;
  });
  app.onError(handleError);
  return app;
}

test('a dropped database connection answers 503 with Retry-After, not 500', async () => {
  // As drizzle wraps it: the driver's error is the cause.
  const driver = Object.assign(new Error('write CONNECTION_CLOSED 127.0.0.1:5432'), {
    code: 'CONNECTION_CLOSED',
  });
  const res = await appThrowing(new Error('Failed query: select 1', { cause: driver })).request('/x');
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe(String(DATABASE_RETRY_AFTER_SECONDS));
  expect((await res.json()).error.code).toBe('database_unavailable');
});

test('a terminated backend (57P01) is unavailable too; a bug is still a 500', async () => {
  const killed = Object.assign(new Error('terminating connection due to administrator command'), {
    code: '57P01',
  });
  expect((await appThrowing(killed).request('/x')).status).toBe(503);
  expect((await appThrowing(new TypeError('x is undefined')).request('/x')).status).toBe(500);
});
