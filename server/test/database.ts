/**
 * A fresh database for one test file: in-memory PGlite by default, or a new database on
 * the PostgreSQL server named by DATABASE_URL (dropped again on close).
 */
import postgres from 'postgres';
import { type Database, openDatabase } from '../db/database';

const urls = new WeakMap<Database, string>();

/**
 * Another handle on the same PostgreSQL database, with its own pool and LISTEN connection:
 * what a second process (a second worker, a second machine) would open.
 */
export function openSecondHandle(db: Database): Promise<Database> {
  const url = urls.get(db);
  if (!url) throw new Error('a second handle needs a PostgreSQL test database (DATABASE_URL)');
  return openDatabase({ url, poolSize: 2 });
}

export async function createTestDatabase(
  opts: { poolSize?: number; idleInTransactionMs?: number } = {},
): Promise<Database> {
  const url = Bun.env.DATABASE_URL;
  if (!url) return openDatabase({});
  const name = `prosaas_test_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const db = await openDatabase({
    url: target.toString(),
    poolSize: opts.poolSize ?? 4,
    idleInTransactionMs: opts.idleInTransactionMs,
  });
  const handle: Database = {
    ...db,
    async close() {
      await db.close();
      const cleanup = postgres(url, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
  urls.set(handle, target.toString());
  return handle;
}

/**
 * Hooks that open a database get longer than bun's 5 s default: starting PGlite and
 * applying migrations can take that long on a loaded two-core CI machine.
 */
export const HOOK_TIMEOUT_MS = 60_000;
