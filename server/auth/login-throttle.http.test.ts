import { afterAll, beforeAll, expect, test } from 'bun:test';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness, TEST_PASSWORD } from '../test/harness';

// Every request of the harness comes from one client address: a shared IP (an office, a NAT).
let h: Harness;
let t = Date.now();
beforeAll(async () => {
  h = await createHarness({ throttle: { windowMs: 3_600_000, perEmail: 5, perIp: 20 }, now: () => t });
}, HOOK_TIMEOUT_MS);
afterAll(() => h.close());

const login = (email: string, password: string) =>
  h.request('POST', '/api/auth/login', { body: { email, password } });
const failuresAudited = async (email: string) =>
  (
    await h.db.withSystem((tx) =>
      tx
        .select({ id: auditLog.id })
        .from(auditLog)
        .where(and(eq(auditLog.action, 'auth.login_failed'), eq(auditLog.actorEmail, email))),
    )
  ).length;

test('40 parallel wrong passwords for one account evaluate at most 5; the system admin still logs in', async () => {
  const admin = 'root@prosaas.test';
  expect((await login(admin, TEST_PASSWORD)).status).toBe(200); // the admin's usual client

  const target = h.a.users.owner.email;
  const answers = await Promise.all(Array.from({ length: 40 }, () => login(target, 'Wrong-password-1')));
  const statuses = answers.map((r) => r.status);
  expect(statuses.filter((s) => s === 401)).toHaveLength(5);
  expect(statuses.filter((s) => s === 429)).toHaveLength(35);
  expect(Number(answers.find((r) => r.status === 429)?.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(await failuresAudited(target)).toBe(5);
  // The owner's right password waits out a delay of seconds, not a lockout.
  const held = await login(target, TEST_PASSWORD);
  expect(held.status).toBe(429);
  const wait = Number(held.headers.get('retry-after'));
  expect(wait).toBeLessThanOrEqual(2);

  // Strangers spray the shared IP past its limit, and try the admin's own account.
  const spray = await Promise.all(
    Array.from({ length: 40 }, (_, i) => login(`nobody${i}@x.test`, 'Wrong-password-1')),
  );
  expect(spray.filter((r) => r.status === 401).length).toBeLessThanOrEqual(15); // 20 minus the owner's 5
  expect((await login(h.b.users.agent.email, TEST_PASSWORD)).status).toBe(429); // a new client on that IP waits
  // The admin, with the right password from the client it always uses, is never held back.
  expect((await login(admin, TEST_PASSWORD)).status).toBe(200);

  t += wait * 1000;
  expect((await login(target, TEST_PASSWORD)).status).toBe(200);
});
