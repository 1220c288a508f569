/**
 * Opens the database (PGlite when no URL is given, PostgreSQL otherwise), applies the
 * committed migrations as the owner, and offers the only two ways the application
 * touches data: inside one tenant's scope, or through the explicit system scope.
 */
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
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
  /** This process's liveness session (liveness.ts), on a connection of its own with PostgreSQL. */
  readonly liveness: Liveness;
  /** The owner's handle: migrations and tests only, never request handling. */
  readonly owner: Db;
}

export interface OpenOptions {
  /** PostgreSQL URL; unset → PGlite. */
  url?: string;
  /** PGlite data directory; unset → in memory. */
  dataDir?: string;
  poolSize?: number;
  /**
   * PostgreSQL ends a session left idle inside a transaction this long (ms), which also
   * settles the transaction's promise. A backstop: no transaction here waits that long on
   * anything, but a lost reply under connection faults must not hold a connection forever.
   */
  idleInTransactionMs?: number;
  /** PostgreSQL: ms a transaction's first statement may go unanswered before it is begun again. */
  stalledStartMs?: number;
}

export const DEFAULT_IDLE_IN_TRANSACTION_MS = 30_000;
/** A transaction's first statement unanswered this long is begun again on another connection. */
export const DEFAULT_STALLED_START_MS = 3_000;

import { isUuid } from '../lib/ids';
import { startEmbeddedDatabase } from './embedded/client';
import { AbandonedStart, firstToStart } from './first-to-start';
import { createLiveness, type Liveness, type SessionQuery } from './liveness';
import { DatabaseUnavailableError } from './pg-error';

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  let owner: Db;
  let close: () => Promise<void>;
  let listen: Database['listen'];
  let kind: Database['kind'];
  let sessionQuery: SessionQuery;
  if (opts.url) {
    kind = 'postgres';
    const migrator = postgres(opts.url, { max: 1, onnotice: () => {} });
    try {
      await migratePostgres(drizzlePostgres(migrator, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await migrator.end();
    }
    const client = postgres(opts.url, {
      max: opts.poolSize ?? 10,
      onnotice: () => {},
      connection: {
        idle_in_transaction_session_timeout: opts.idleInTransactionMs ?? DEFAULT_IDLE_IN_TRANSACTION_MS,
      },
    });
    owner = drizzlePostgres(client, { schema }) as unknown as Db;
    // Outside the pool, opened on first use; after a lost connection the next query opens a new one.
    let session: postgres.Sql | null = null;
    sessionQuery = (text, params) => {
      session ??= postgres(opts.url as string, {
        max: 1,
        idle_timeout: 0,
        onnotice: () => {},
        connection: { application_name: 'prosaas-liveness' },
      });
      return session.unsafe(text, params);
    };
    close = async () => {
      await Promise.all([client.end({ timeout: 5 }), session?.end({ timeout: 5 })]);
    };
    listen = async (channel, onPayload) => {
      const { unlisten } = await client.listen(channel, onPayload);
      return unlisten;
    };
  } else {
    kind = 'pglite';
    // PGlite runs in a worker of its own, so a slow statement never holds up the calls' audio.
    const client = await startEmbeddedDatabase(opts.dataDir ?? 'memory://', MIGRATIONS_FOLDER);
    owner = drizzlePglite(client as unknown as PGlite, { schema }) as unknown as Db;
    // One embedded session: it lives exactly as long as the process.
    sessionQuery = async (text, params) =>
      (await client.query(text, params)).rows as Record<string, unknown>[];
    close = () => client.close();
    listen = (channel, onPayload) => client.listen(channel, onPayload);
  }

  const begin = <T>(
    businessId: string | null,
    fn: (tx: Tx) => Promise<T>,
    claim: () => boolean,
    begun: () => void = () => {},
  ) =>
    owner.transaction(async (tx) => {
      begun(); // BEGIN answered: from here an unanswered statement is a stall, not a queue
      // Bound parameters, never spliced; `true` makes both settings transaction-local.
      await tx.execute(
        sql`select set_config('role', ${APP_ROLE}, true), set_config('app.business_id', ${businessId ?? ''}, true), set_config('app.scope', ${businessId ? 'tenant' : 'system'}, true)`,
      );
      if (!claim()) throw new AbandonedStart();
      return fn(tx);
    });
  const always = () => true;
  // On PostgreSQL a start that goes unanswered is begun again on another connection (first-to-start.ts).
  const scoped = <T>(businessId: string | null, fn: (tx: Tx) => Promise<T>): Promise<T> =>
    kind === 'postgres'
      ? firstToStart((claim, begun) => begin(businessId, fn, claim, begun), {
          deadlineMs: opts.stalledStartMs ?? DEFAULT_STALLED_START_MS,
          maxAttempts: 3,
          onStall: (n) => {
            console.warn(`database: a transaction's first statement got no answer; starting it again (${n})`);
          },
        })
      : begin(businessId, fn, always);

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
        timer = setTimeout(() => reject(new DatabaseUnavailableError('database ping timed out')), timeoutMs);
      });
      try {
        await Promise.race([owner.execute(sql`select 1`), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    listen,
    close,
    liveness: createLiveness(sessionQuery),
  };
}

export function pgliteDir(dataDir: string) {
  return join(dataDir, 'pglite');
}
