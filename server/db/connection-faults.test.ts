/**
 * The driver under backends terminated mid-work (porsager/postgres #1066, #1154, #1208): every
 * query settles, with a catchable connection error, and the process survives (an exception
 * thrown from the driver's timers would fail this file as an unhandled error). PostgreSQL
 * only: PGlite has no backends to terminate.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { waitUntil } from '../standins/wait';
import { createTestDatabase, HOOK_TIMEOUT_MS } from '../test/database';
import type { Database } from './database';
import { isDatabaseUnavailable } from './pg-error';

const url = Bun.env.DATABASE_URL;

describe.skipIf(!url)('connection faults on PostgreSQL', () => {
  let db: Database;
  let name: string;
  let killer: postgres.Sql;
  beforeAll(async () => {
    // A reply lost to a killed backend is rare but real: the server's backstop ends such a
    // transaction after a second here (30 s in production).
    db = await createTestDatabase({ poolSize: 4, idleInTransactionMs: 1000 });
    const rows = (await db.owner.execute(sql`select current_database() as name`)) as unknown as {
      name: string;
    }[];
    name = rows[0]?.name ?? '';
    killer = postgres(url as string, { max: 1, onnotice: () => {} });
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await killer?.end();
    await db?.close();
  });

  const terminateAll = () =>
    killer`select pg_terminate_backend(pid) from pg_stat_activity
           where datname = ${name} and pid <> pg_backend_pid()`;

  test('a reserved connection whose backend died answers CONNECTION_CLOSED, twice (#1208)', async () => {
    const client = postgres(url?.replace(/\/[^/]*$/, `/${name}`) as string, { max: 2, onnotice: () => {} });
    try {
      const reserved = await client.reserve();
      const [{ pid }] = (await reserved`select pg_backend_pid() as pid`) as unknown as [{ pid: number }];
      await killer`select pg_terminate_backend(${pid})`;
      const first = await reserved`select 1`.then(
        () => 'answered',
        (err) => err.code,
      );
      // Unpatched, this one throws from a timer (an uncaught TypeError at nextWrite) or hangs.
      const second = await reserved`select 1`.then(
        () => 'answered',
        (err) => err.code,
      );
      // The first may see the socket's own reset; neither may hang or throw.
      expect([first, second].every((code) => ['CONNECTION_CLOSED', 'ECONNRESET'].includes(code))).toBe(true);
      reserved.release();
      expect([...(await client`select 1 as one`)]).toEqual([{ one: 1 }]);
    } finally {
      await client.end({ timeout: 1 });
    }
  });

  test('a transaction whose backend died rejects, and its late queries never run outside it', async () => {
    const outcome = await db
      .withSystem(async (tx) => {
        await terminateAll();
        await Bun.sleep(50); // the backend's close reaches the driver
        return tx.execute(sql`select 1`);
      })
      .then(
        () => 'committed',
        (err) => (isDatabaseUnavailable(err) ? 'unavailable' : String(err)),
      );
    expect(outcome).toBe('unavailable');
  });

  test('a burst of transactions under 20 rounds of terminations: every one settles, the pool recovers', async () => {
    const work = Array.from({ length: 300 }, (_, i) =>
      Bun.sleep(i % 50).then(() =>
        db.withSystem(async (tx) => {
          await tx.execute(sql`select pg_sleep(0.002)`);
          return tx.execute(sql`select ${i}::int as i`);
        }),
      ),
    );
    const settling = Promise.allSettled(work); // handled from the start: they fail while we kill
    let terminated = 0;
    for (let round = 0; round < 20; round++) {
      await Bun.sleep(15);
      terminated += (await terminateAll()).length;
    }
    expect(terminated).toBeGreaterThan(0);
    const settled = await settling;
    const failures = settled.filter((s) => s.status === 'rejected').map((s) => s.reason);
    expect(failures.filter((err) => !isDatabaseUnavailable(err)).map(String)).toEqual([]);
    await waitUntil(
      () =>
        db.ping(500).then(
          () => true,
          () => false,
        ),
      'the pool to serve again',
      { timeoutMs: 3000 },
    );
  });
});
