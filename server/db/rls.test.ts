import { afterAll, beforeAll, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import { businesses, users } from '../../db/schema';
import { createTestDatabase, HOOK_TIMEOUT_MS } from '../test/database';
import { rejected } from '../test/settle';
import { APP_ROLE, type Database } from './database';

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
}, HOOK_TIMEOUT_MS);
afterAll(() => db.close());

function rowsOf<T>(result: unknown): T[] {
  const r = result as { rows?: T[] } & T[];
  return r.rows ?? r;
}

test('every table with a business_id has forced row-level security and a policy', async () => {
  const result = await db.owner.execute(sql`
    select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
           (select count(*) from pg_policy p where p.polrelid = c.oid)::int as policies
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r'
      and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'business_id' and not a.attisdropped)`);
  const tables = rowsOf<{ table: string; enabled: boolean; forced: boolean; policies: number }>(result);
  expect(tables.length).toBeGreaterThanOrEqual(3);
  const unprotected = tables.filter((t) => !t.enabled || !t.forced || t.policies < 1).map((t) => t.table);
  expect(unprotected).toEqual([]);
});

test('the app role is no superuser, cannot bypass RLS and owns no table', async () => {
  const [role] = rowsOf<{ rolsuper: boolean; rolbypassrls: boolean }>(
    await db.owner.execute(sql`select rolsuper, rolbypassrls from pg_roles where rolname = ${APP_ROLE}`),
  );
  expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
  const owned = rowsOf<{ n: number }>(
    await db.owner.execute(
      sql`select count(*)::int as n from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname = ${APP_ROLE}`,
    ),
  );
  expect(owned[0]?.n).toBe(0);
});

test('queries inside a tenant scope run as the app role and see only that tenant', async () => {
  const [a, b] = await db.withSystem((tx) =>
    tx
      .insert(businesses)
      .values([{ name: 'A' }, { name: 'B' }])
      .returning({ id: businesses.id }),
  );
  if (!a || !b) throw new Error('seed');
  const seen = await db.withTenant(a.id, async (tx) => {
    const who = rowsOf<{ u: string }>(await tx.execute(sql`select current_user as u`));
    return { user: who[0]?.u, rows: await tx.select({ id: businesses.id }).from(businesses) };
  });
  expect(seen.user).toBe(APP_ROLE);
  expect(seen.rows).toEqual([{ id: a.id }]);
});

test("a tenant cannot write a row into another tenant's business", async () => {
  const [a, b] = await db.withSystem((tx) =>
    tx
      .insert(businesses)
      .values([{ name: 'C' }, { name: 'D' }])
      .returning({ id: businesses.id }),
  );
  if (!a || !b) throw new Error('seed');
  const attempt = db.withTenant(a.id, (tx) =>
    tx
      .insert(users)
      .values({ email: 'x@d.test', name: 'x', passwordHash: 'x', role: 'agent', businessId: b.id }),
  );
  expect(await rejected(attempt)).toThrow();
});

test('outside any scope the tenant setting is empty, and the app role sees nothing', async () => {
  const rows = await db.owner.transaction(async (tx) => {
    await tx.execute(sql`select set_config('role', ${APP_ROLE}, true)`);
    return tx.select().from(businesses);
  });
  expect(rows).toEqual([]);
});
