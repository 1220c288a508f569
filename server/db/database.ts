/**
 * Opens the database (PGlite when no URL is given, PostgreSQL otherwise), applies the
 * committed migrations as the owner, and offers the only two ways the application
 * touches data: inside one tenant's scope, or through the explicit system scope.
 */
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from '../../db/schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export const MIGRATIONS_FOLDER = join(import.meta.dir, '../../db/migrations');
export const APP_ROLE = 'prosaas_app';

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in a transaction as the app role with app.business_id set; RLS confines it. */
  withTenant<T>(businessId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Runs fn across every business. Only for the audited system-admin path and for
   * lookups that precede knowing the tenant (login by email, a call's number).
   */
  withSystem<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Resolves when the database answers a trivial query within timeoutMs. */
  ping(timeoutMs?: number): Promise<void>;
  /**
   * LISTENs on a channel (on a connection of its own with PostgreSQL): `onPayload` gets
   * every NOTIFY payload, those sent inside a transaction only once it commits. Resolves
   * with the function that stops listening.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /** The owner's handle: migrations and tests only, never request handling. */
  readonly owner: Db;
}

export interface OpenOptions {
  /** PostgreSQL URL; unset → PGlite. */
  url?: string;
  /** PGlite data directory; unset → in memory. */
  dataDir?: string;
  poolSize?: number;
}

import { isUuid } from '../lib/ids';

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  let owner: Db;
  let close: () => Promise<void>;
  let listen: Database['listen'];
  let kind: Database['kind'];
  if (opts.url) {
    kind = 'postgres';
    const migrator = postgres(opts.url, { max: 1, onnotice: () => {} });
    try {
      await migratePostgres(drizzlePostgres(migrator, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await migrator.end();
    }
    const client = postgres(opts.url, { max: opts.poolSize ?? 10, onnotice: () => {} });
    owner = drizzlePostgres(client, { schema }) as unknown as Db;
    close = () => client.end({ timeout: 5 });
    listen = async (channel, onPayload) => {
      const { unlisten } = await client.listen(channel, onPayload);
      return unlisten;
    };
  } else {
    kind = 'pglite';
    const { btree_gist } = await import('@electric-sql/pglite/contrib/btree_gist');
    const client = await PGlite.create(opts.dataDir ?? 'memory://', { extensions: { btree_gist } });
    const db = drizzlePglite(client, { schema });
    await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
    owner = db as unknown as Db;
    close = () => client.close();
    listen = async (channel, onPayload) => {
      const stop = await client.listen(channel, onPayload);
      return () => stop();
    };
  }

  const scoped = <T>(businessId: string | null, fn: (tx: Tx) => Promise<T>) =>
    owner.transaction(async (tx) => {
      // Bound parameters, never spliced; `true` makes both settings transaction-local.
      await tx.execute(
        sql`select set_config('role', ${APP_ROLE}, true), set_config('app.business_id', ${businessId ?? ''}, true), set_config('app.scope', ${businessId ? 'tenant' : 'system'}, true)`,
      );
      return fn(tx);
    });

  return {
    kind,
    owner,
    withTenant(businessId, fn) {
      if (!isUuid(businessId)) throw new Error('withTenant needs a business uuid');
      return scoped(businessId, fn);
    },
    withSystem(fn) {
      return scoped(null, fn);
    },
    async ping(timeoutMs = 2000) {
      let timer: Timer | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('database ping timed out')), timeoutMs);
      });
      try {
        await Promise.race([owner.execute(sql`select 1`), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    listen,
    close,
  };
}

export function pgliteDir(dataDir: string) {
  return join(dataDir, 'pglite');
}
