import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/database';
import { createTestDatabase, HOOK_TIMEOUT_MS } from '../test/database';
import { createLoginThrottle, purgeIdleThrottleRows, type ThrottleLimits } from './login-throttle';

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
}, HOOK_TIMEOUT_MS);
afterAll(() => db.close());

const LIMITS: ThrottleLimits = {
  windowMs: 3_600_000,
  perEmail: 5,
  perIp: 20,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
};
let n = 0;
/** A fresh account and IP per test (the table is shared by the file). */
const fresh = () => {
  n++;
  return { email: `user${n}-${crypto.randomUUID()}@t.test`, ip: `10.0.${n}.1` };
};

function setup(limits = LIMITS) {
  let t = Date.UTC(2026, 0, 1);
  const throttle = createLoginThrottle(db, limits, () => t);
  return { throttle, advance: (ms: number) => (t += ms) };
}

async function failOnce(throttle: ReturnType<typeof setup>['throttle'], ip: string, email: string) {
  const a = await throttle.attempt(ip, email);
  if (a.ok) await a.failed();
  return a;
}

describe('the login throttle (in the database)', () => {
  test('40 parallel attempts on one account: at most the limit are evaluated', async () => {
    const { throttle } = setup();
    const { email } = fresh();
    // Forty clients at once, each from its own IP: only the account's key holds them.
    const attempts = await Promise.all(
      Array.from({ length: 40 }, (_, i) => throttle.attempt(`10.9.9.${i}`, email)),
    );
    const evaluated = attempts.filter((a) => a.ok);
    expect(evaluated).toHaveLength(5);
    for (const a of evaluated) if (a.ok) await a.failed();
    const after = await throttle.attempt('10.9.9.99', email);
    expect(after).toEqual({ ok: false, retryAfterSeconds: 1 });
  });

  test('60 parallel attempts from one IP on many accounts: at most the IP limit are evaluated', async () => {
    const { throttle } = setup();
    const { ip } = fresh();
    const attempts = await Promise.all(
      Array.from({ length: 60 }, (_, i) => throttle.attempt(ip, `spray${i}-${crypto.randomUUID()}@t.test`)),
    );
    expect(attempts.filter((a) => a.ok)).toHaveLength(20);
    for (const a of attempts) if (a.ok) await a.failed();
    expect((await throttle.attempt(ip, 'someone-new@t.test')).ok).toBe(false);
  });

  test('past the limit the delay doubles with each failure, one attempt at a time, and is not a lockout', async () => {
    const { throttle, advance } = setup();
    const { ip, email } = fresh();
    for (let i = 0; i < 4; i++) expect((await failOnce(throttle, ip, email)).ok).toBe(true);
    expect((await failOnce(throttle, ip, email)).ok).toBe(true); // the fifth: a 1 s delay begins
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const refused = await throttle.attempt(ip, email);
      if (refused.ok) throw new Error('expected a delay');
      waits.push(refused.retryAfterSeconds);
      advance(refused.retryAfterSeconds * 1000);
      const next = await throttle.attempt(ip, email);
      if (!next.ok) throw new Error('the delay passed');
      // Only one at a time past the limit.
      expect((await throttle.attempt(ip, email)).ok).toBe(false);
      await next.failed();
    }
    expect(waits).toEqual([1, 2, 4, 8]);
    // The right password after the delay gets in and clears the account.
    const refused = await throttle.attempt(ip, email);
    if (refused.ok) throw new Error('expected a delay');
    advance(refused.retryAfterSeconds * 1000);
    const right = await throttle.attempt(ip, email);
    if (!right.ok) throw new Error('the delay passed');
    await right.succeeded();
    for (let i = 0; i < 4; i++) expect((await failOnce(throttle, ip, email)).ok).toBe(true);
  });

  test('strangers failing on an account, or on other accounts from its IP, never hold back its usual client', async () => {
    const { throttle } = setup();
    const admin = fresh();
    const first = await throttle.attempt(admin.ip, admin.email);
    if (!first.ok) throw new Error('first attempt');
    await first.succeeded();
    // Strangers: wrong passwords for the admin from elsewhere, and sprayed from the admin's own IP.
    for (let i = 0; i < 12; i++) await failOnce(throttle, `172.16.0.${i}`, admin.email);
    for (let i = 0; i < 30; i++) await failOnce(throttle, admin.ip, `x${i}-${crypto.randomUUID()}@t.test`);
    expect((await throttle.attempt('172.16.1.1', admin.email)).ok).toBe(false);
    expect((await throttle.attempt(admin.ip, 'another@t.test')).ok).toBe(false);
    const usual = await throttle.attempt(admin.ip, admin.email);
    expect(usual.ok).toBe(true);
  });

  test('a claim whose process died lapses; the window forgets failures; idle rows are purged', async () => {
    const { throttle, advance } = setup({ ...LIMITS, perEmail: 1 });
    const { ip, email } = fresh();
    const lost = await throttle.attempt(ip, email); // never reported back
    expect(lost.ok).toBe(true);
    expect((await throttle.attempt(ip, email)).ok).toBe(false);
    advance(30_001);
    expect((await failOnce(throttle, ip, email)).ok).toBe(true);
    expect((await throttle.attempt(ip, email)).ok).toBe(false);
    advance(LIMITS.windowMs + 1);
    const later = await throttle.attempt(ip, email);
    expect(later.ok).toBe(true);
    if (later.ok) await later.release();
    const keys = async () => {
      const r = (await db.owner.execute(
        sql`select key from login_throttle where key like ${`%${email}%`}`,
      )) as unknown as {
        rows?: unknown[];
      } & unknown[];
      return (r.rows ?? r).length;
    };
    expect(await keys()).toBeGreaterThan(0);
    await db.withSystem((tx) => purgeIdleThrottleRows(tx, new Date(Date.UTC(2026, 0, 3)), LIMITS.windowMs));
    expect(await keys()).toBe(0);
  });
});
