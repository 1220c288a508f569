import { expect, test } from 'bun:test';
import { isDatabaseUnavailable } from './pg-error';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

test('a database shut to new connections is unavailable (retried), another 55000 is not', () => {
  const shut = pgError('55000', 'database "prosaas" is not currently accepting connections');
  expect(isDatabaseUnavailable(shut)).toBe(true);
  expect(isDatabaseUnavailable(new Error('query failed', { cause: shut }))).toBe(true);
  expect(isDatabaseUnavailable(pgError('55000', 'cannot execute while the table is in use'))).toBe(false);
});

test('a terminated backend and a dropped socket are unavailable; a refused statement is not', () => {
  expect(isDatabaseUnavailable(pgError('57P01', 'terminating connection due to administrator command'))).toBe(
    true,
  );
  expect(isDatabaseUnavailable(pgError('CONNECTION_CLOSED', 'write CONNECTION_CLOSED'))).toBe(true);
  expect(isDatabaseUnavailable(pgError('23505', 'duplicate key value violates unique constraint'))).toBe(
    false,
  );
});
