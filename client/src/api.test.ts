import { expect, test } from 'bun:test';
import { parseRetryAfter, toApiError, withQuery } from './api';

const errorResponse = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

test('reads code, message and field details from the server’s error shape', async () => {
  const error = await toApiError(
    errorResponse(400, {
      error: { code: 'validation_failed', message: 'bad', details: { fields: { email: 'x' } } },
    }),
  );
  expect(error.status).toBe(400);
  expect(error.code).toBe('validation_failed');
  expect(error.details?.fields).toEqual({ email: 'x' });
});

test('carries the Retry-After wait of a throttled login', async () => {
  const error = await toApiError(
    errorResponse(429, { error: { code: 'too_many_attempts' } }, { 'Retry-After': '90' }),
  );
  expect(error.code).toBe('too_many_attempts');
  expect(error.retryAfter).toBe(90);
});

test('turns a non-JSON failure (a proxy page, say) into http_error with its status', async () => {
  const error = await toApiError(new Response('<html>Bad gateway</html>', { status: 502 }));
  expect(error.status).toBe(502);
  expect(error.code).toBe('http_error');
});

test('accepts Retry-After as an HTTP date', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  expect(parseRetryAfter('Wed, 01 Jan 2025 00:02:00 GMT', now)).toBe(120);
  expect(parseRetryAfter('soon', now)).toBeUndefined();
});

test('builds a query string from the defined params only, encoding Hebrew', () => {
  expect(withQuery('/api/leads', { q: 'דנה', status: undefined, source: '', offset: 0 })).toBe(
    `/api/leads?q=${encodeURIComponent('דנה')}&offset=0`,
  );
  expect(withQuery('/api/leads', {})).toBe('/api/leads');
});
