import { expect, test } from 'bun:test';
import { createLogger } from '../lib/logger';
import { rejectionOf } from '../test/settle';
import { mailerFor } from './mailer';
import { authRoutes } from './routes';

const log = createLogger('silent');

test('SMTP when SMTP_URL is set; the log in development; nothing in production without it', () => {
  expect(
    mailerFor({ smtpUrl: 'smtp://127.0.0.1:2525', from: 'a@b.test' }, { isProduction: true }, log)?.kind,
  ).toBe('smtp');
  expect(mailerFor({ from: 'a@b.test' }, { isProduction: false }, log)?.kind).toBe('log');
  expect(mailerFor({ from: 'a@b.test' }, { isProduction: true }, log)).toBeUndefined();
});

test('without a mailer, reset says it is not offered and refuses to send links with 404', async () => {
  const routes = authRoutes({
    // Nothing below is reached without a mailer.
    db: undefined as never,
    hasher: undefined as never,
    throttle: undefined as never,
    tokens: undefined as never,
    cookie: undefined as never,
    publicBaseUrl: 'https://app.example.test',
    log,
  });
  const find = (method: string, path: string) => {
    const r = routes.find((x) => x.method === method && x.path === path);
    if (!r) throw new Error(`no ${method} ${path}`);
    return r;
  };
  const c = { json: (body: unknown) => Response.json(body) } as never;
  const offered = await find('GET', '/auth/password-reset').handler(c);
  expect(await offered.json()).toEqual({ offered: false });
  expect(
    await rejectionOf(Promise.resolve().then(() => find('POST', '/auth/password-reset/request').handler(c))),
  ).toMatchObject({ status: 404, code: 'reset_not_offered' });
});
