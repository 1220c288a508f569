import { afterEach, expect, test } from 'bun:test';
import { count, eq } from 'drizzle-orm';
import { businesses, users } from '../../db/schema';
import type { Database } from '../db/database';
import { createLogger } from '../lib/logger';
import { createTestDatabase } from '../test/database';
import { TEST_HASHER } from '../test/harness';
import { DEMO_USERS, seed } from './seed';

let db: Database | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});
const log = createLogger('silent');

const countRows = async (d: Database) =>
  d.withSystem(async (tx) => ({
    businesses: (await tx.select({ n: count() }).from(businesses))[0]?.n,
    users: (await tx.select({ n: count() }).from(users))[0]?.n,
  }));

test('creates the system admin from ADMIN_EMAIL once, and no demo data when demo is off', async () => {
  db = await createTestDatabase();
  const admin = { email: 'Ops@Example.com', password: 'A-long-admin-pass-1' };
  await seed({ db, hasher: TEST_HASHER, log, admin, demo: false });
  await seed({ db, hasher: TEST_HASHER, log, admin, demo: false });
  const rows = await db.withSystem((tx) => tx.select().from(users).where(eq(users.role, 'system_admin')));
  expect(rows.map((u) => u.email)).toEqual(['ops@example.com']);
  expect((await countRows(db)).businesses).toBe(0);
}, 60_000);

test('demo mode creates one business with a user of every role, only on the first start', async () => {
  db = await createTestDatabase();
  expect((await seed({ db, hasher: TEST_HASHER, log, demo: true })).demoCreated).toBe(true);
  expect((await seed({ db, hasher: TEST_HASHER, log, demo: true })).demoCreated).toBe(false);
  expect(await countRows(db)).toEqual({ businesses: 1, users: 4 });
  const roles = await db.withSystem((tx) => tx.select({ email: users.email, role: users.role }).from(users));
  for (const [role, u] of Object.entries(DEMO_USERS))
    expect(roles).toContainEqual({ email: u.email, role: role as never });
}, 60_000);
