import { afterAll, beforeAll, expect, test } from 'bun:test';
import { eq, sql } from 'drizzle-orm';
import { businesses, jobs } from '../../db/schema';
import type { Database } from '../db/database';
import { LIVENESS_LOCK_CLASS } from '../db/liveness';
import { createLogger } from '../lib/logger';
import { waitUntil } from '../standins/wait';
import { createTestDatabase, HOOK_TIMEOUT_MS, openSecondHandle } from '../test/database';
import { rejected } from '../test/settle';
import { backoffMs } from './backoff';
import { claimJobs, completeJob, type JobRow } from './claim';
import { enqueueJob, type JobSpec } from './queue';
import { createJobRunner, type JobHandler } from './runner';

let db: Database;
let bizA: string;
let bizB: string;
const log = createLogger('silent');

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 6 });
  const rows = await db.withSystem((tx) =>
    tx
      .insert(businesses)
      .values([{ name: 'A' }, { name: 'B' }])
      .returning({ id: businesses.id }),
  );
  bizA = rows[0]?.id ?? '';
  bizB = rows[1]?.id ?? '';
}, HOOK_TIMEOUT_MS);
afterAll(() => db.close());

/** A clock the test moves by hand, starting from the real now (enqueue defaults to the DB's now). */
function fakeClock() {
  let t = Date.now() + 1000;
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

const enqueue = (spec: JobSpec) =>
  spec.businessId
    ? db.withTenant(spec.businessId, (tx) => enqueueJob(tx, spec))
    : db.withSystem((tx) => enqueueJob(tx, spec));
const jobById = async (id: string) => {
  const [row] = await db.withSystem((tx) => tx.select().from(jobs).where(eq(jobs.id, id)));
  if (!row) throw new Error('job vanished');
  return row;
};

test('two runners on the same database run each of 40 jobs exactly once', async () => {
  const kind = `count-${crypto.randomUUID()}`;
  const ids: string[] = [];
  for (let i = 0; i < 40; i++) {
    const id = await enqueue({ kind, businessId: i % 2 ? bizA : bizB, payload: { i } });
    if (id) ids.push(id);
  }
  const runs = new Map<string, number>();
  const count: JobHandler = async (_tx, job) => {
    runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
    await Bun.sleep(1); // let the other runner interleave
  };
  const clock = fakeClock();
  const make = (workerId: string) =>
    createJobRunner({ db, log, workerId, handlers: { [kind]: count }, now: clock.now, batchSize: 3 });
  const drain = async (runner: ReturnType<typeof make>) => {
    while ((await runner.runOnce()) > 0) {}
  };
  await Promise.all([drain(make('one')), drain(make('two'))]);
  expect(ids.length).toBe(40);
  expect([...runs.values()].every((n) => n === 1)).toBe(true);
  expect([...runs.keys()].sort()).toEqual([...ids].sort());
  const states = await Promise.all(ids.map(async (id) => (await jobById(id)).status));
  expect(new Set(states)).toEqual(new Set(['done']));
});

test("a crashed worker's job is retried once its lease expires, and the late worker cannot finish it", async () => {
  const kind = `crash-${crypto.randomUUID()}`;
  const id = (await enqueue({ kind, businessId: bizA })) ?? '';
  const clock = fakeClock();
  // The worker claims the job, then dies without finishing it.
  const [stale] = await claimJobs(db, { workerId: 'crashed', now: clock.now(), leaseMs: 60_000, limit: 10 });
  expect(stale?.id).toBe(id);

  let ran = 0;
  const survivor = createJobRunner({
    db,
    log,
    workerId: 'survivor',
    now: clock.now,
    leaseMs: 60_000,
    handlers: { [kind]: async () => void ran++ },
  });
  expect(await survivor.runOnce()).toBe(0); // the lease still holds
  clock.advance(60_001);
  expect(await survivor.runOnce()).toBe(1);
  expect(ran).toBe(1);
  const row = await jobById(id);
  expect({ status: row.status, attempts: row.attempts }).toEqual({ status: 'done', attempts: 2 });

  // The crashed worker comes back and tries to mark its old claim done: refused.
  if (!stale) throw new Error('no claim');
  const finished = await db.withTenant(bizA, (tx) => completeJob(tx, stale, clock.now()));
  expect(finished).toBe(false);
});

test('a job claimed under a liveness session that has ended is claimed again at once; a live one keeps its lease', async () => {
  const kind = `gone-${crypto.randomUUID()}`;
  const clock = fakeClock();
  let ran = 0;
  const survivor = createJobRunner({
    db,
    log,
    workerId: 'survivor',
    now: clock.now,
    leaseMs: 60_000,
    handlers: { [kind]: async () => void ran++ },
  });
  const claimOne = async (workerId: string, session: string | null) => {
    const id = (await enqueue({ kind, businessId: bizA })) ?? '';
    const [claim] = await claimJobs(db, { workerId, now: clock.now(), leaseMs: 60_000, limit: 10, session });
    expect(claim?.id).toBe(id);
    return { id, claim };
  };

  // A session whose lock nobody holds: its process died (or never took the lock).
  const gone = await claimOne('dead-process', `ended-${crypto.randomUUID()}`);
  expect(await survivor.runOnce()).toBe(1);
  expect(ran).toBe(1);
  expect((await jobById(gone.id)).status).toBe('done');

  // A live session (this process's own) is a worker still at work: its lease stands.
  const live = await claimOne('busy-worker', await db.liveness.current());
  expect(await survivor.runOnce()).toBe(0);
  expect(ran).toBe(1);
  if (!live.claim) throw new Error('no claim');
  const finished = await db.withTenant(bizA, (tx) => completeJob(tx, live.claim as JobRow, clock.now()));
  expect(finished).toBe(true);
});

// PGlite has one session, living exactly as long as the process: there is no connection to kill.
test.skipIf(!Bun.env.DATABASE_URL)(
  'a worker whose database connection was terminated gives its job back at once, not after the lease',
  async () => {
    const kind = `cut-${crypto.randomUUID()}`;
    const id = (await enqueue({ kind, businessId: bizA })) ?? '';
    const clock = fakeClock();
    const before = await db.liveness.current();
    const [stale] = await claimJobs(db, {
      workerId: 'cut-off',
      now: clock.now(),
      leaseMs: 60_000,
      limit: 10,
      session: before,
    });
    expect(stale?.id).toBe(id);

    const sessions = () =>
      db.owner.execute(
        sql`select pid from pg_stat_activity where datname = current_database() and application_name = 'prosaas-liveness'`,
      ) as unknown as Promise<{ pid: number }[]>;
    const [victim] = await sessions();
    if (!victim) throw new Error('no liveness connection');
    await db.owner.execute(sql`select pg_terminate_backend(${victim.pid})`);
    await waitUntil(
      async () => (await sessions()).every((s) => s.pid !== victim.pid),
      'the terminated session to end',
    );

    let ran = 0;
    const survivor = createJobRunner({
      db,
      log,
      workerId: 'survivor',
      now: clock.now, // not moved: the lease has not expired
      leaseMs: 60_000,
      handlers: { [kind]: async () => void ran++ },
    });
    expect(await survivor.runOnce()).toBe(1);
    expect(ran).toBe(1);
    const row = await jobById(id);
    expect({ status: row.status, attempts: row.attempts }).toEqual({ status: 'done', attempts: 2 });
    // The session came back under a new name, so nothing claimed before the cut looks alive again.
    expect(await db.liveness.current()).not.toBe(before);
    if (!stale) throw new Error('no claim');
    expect(await db.withTenant(bizA, (tx) => completeJob(tx, stale, clock.now()))).toBe(false);
  },
);

test('a failing job is retried with exponential backoff, then dead-lettered after its attempts', async () => {
  const kind = `fail-${crypto.randomUUID()}`;
  const id = (await enqueue({ kind, businessId: bizB, maxAttempts: 3 })) ?? '';
  const clock = fakeClock();
  const backoff = { baseMs: 1000, maxMs: 60_000 };
  let attempts = 0;
  const runner = createJobRunner({
    db,
    log,
    now: clock.now,
    backoff,
    handlers: {
      [kind]: async () => {
        attempts++;
        throw new Error(`boom ${attempts}`);
      },
    },
  });
  expect(await runner.runOnce()).toBe(1);
  let row = await jobById(id);
  expect(row.status).toBe('queued');
  expect(row.runAt.getTime()).toBe(clock.now().getTime() + backoffMs(1, backoff));

  clock.advance(999);
  expect(await runner.runOnce()).toBe(0); // not yet
  clock.advance(1);
  expect(await runner.runOnce()).toBe(1);
  row = await jobById(id);
  expect(row.runAt.getTime()).toBe(clock.now().getTime() + 2000); // doubled

  clock.advance(2000);
  expect(await runner.runOnce()).toBe(1);
  row = await jobById(id);
  expect({ status: row.status, attempts: row.attempts, lastError: row.lastError }).toEqual({
    status: 'dead',
    attempts: 3,
    lastError: 'boom 3',
  });
  clock.advance(3_600_000);
  expect(await runner.runOnce()).toBe(0); // the dead stay dead
  expect(attempts).toBe(3);
});

test('a failed job leaves none of its writes behind', async () => {
  const kind = `rollback-${crypto.randomUUID()}`;
  await enqueue({ kind, businessId: bizA, maxAttempts: 1 });
  const runner = createJobRunner({
    db,
    log,
    now: fakeClock().now,
    handlers: {
      [kind]: async (tx) => {
        await tx.update(businesses).set({ name: 'changed by a failing job' }).where(eq(businesses.id, bizA));
        throw new Error('after the write');
      },
    },
  });
  await runner.runOnce();
  const [a] = await db.withTenant(bizA, (tx) => tx.select().from(businesses));
  expect(a?.name).toBe('A');
});

test('a job that asks to be retried keeps its writes and runs again after its backoff', async () => {
  const kind = `retry-keep-${crypto.randomUUID()}`;
  const id = (await enqueue({ kind, businessId: bizB, maxAttempts: 2 })) ?? '';
  let runs = 0;
  const clock = fakeClock();
  const runner = createJobRunner({
    db,
    log,
    now: clock.now,
    handlers: {
      [kind]: async (tx) => {
        runs++;
        await tx
          .update(businesses)
          .set({ name: `B after run ${runs}` })
          .where(eq(businesses.id, bizB));
        return { retry: `not yet (${runs})` };
      },
    },
  });
  await runner.runOnce();
  const [b] = await db.withTenant(bizB, (tx) => tx.select().from(businesses));
  expect(b?.name).toBe('B after run 1');
  expect(await jobById(id)).toMatchObject({ status: 'queued', attempts: 1, lastError: 'not yet (1)' });
  expect(await runner.runOnce()).toBe(0); // waits for its backoff
  clock.advance(backoffMs(1));
  await runner.runOnce();
  expect(await jobById(id)).toMatchObject({ status: 'dead', attempts: 2, lastError: 'not yet (2)' });
  await db.withTenant(bizB, (tx) => tx.update(businesses).set({ name: 'B' }).where(eq(businesses.id, bizB)));
});

test('detached work runs outside any transaction (it may open its own), and a throw retries it', async () => {
  const kind = `detached-${crypto.randomUUID()}`;
  const id = (await enqueue({ kind, businessId: bizA, maxAttempts: 3 })) ?? '';
  const clock = fakeClock();
  let runs = 0;
  const runner = createJobRunner({
    db,
    log,
    now: clock.now,
    handlers: {
      [kind]: {
        async detached(job) {
          runs++;
          // Its own transaction: inside the job's, PGlite's single connection would deadlock.
          const [a] = await db.withTenant(bizA, (tx) => tx.select().from(businesses));
          expect(a?.id).toBe(job.businessId ?? '');
          if (runs === 1) throw new Error('the model timed out');
        },
      },
    },
  });
  await runner.runOnce();
  expect(await jobById(id)).toMatchObject({
    status: 'queued',
    attempts: 1,
    lastError: 'the model timed out',
  });
  clock.advance(backoffMs(1));
  await runner.runOnce();
  expect(await jobById(id)).toMatchObject({ status: 'done', attempts: 2, lastError: null });
  expect(runs).toBe(2);
});

test('the same unique key enqueued twice makes one job', async () => {
  const key = `once-${crypto.randomUUID()}`;
  const first = await enqueue({ kind: 'noop', businessId: bizA, uniqueKey: key });
  const second = await enqueue({ kind: 'noop', businessId: bizA, uniqueKey: key });
  expect(first).toBeString();
  expect(second).toBeNull();
  const rows = await db.withSystem((tx) => tx.select().from(jobs).where(eq(jobs.uniqueKey, key)));
  expect(rows.length).toBe(1);
});

test("a business's job runs in that business's scope and sees no other business", async () => {
  const kind = `scope-${crypto.randomUUID()}`;
  await enqueue({ kind, businessId: bizB });
  let seen: string[] = [];
  const runner = createJobRunner({
    db,
    log,
    now: fakeClock().now,
    handlers: {
      [kind]: async (tx) => {
        seen = (await tx.select({ id: businesses.id }).from(businesses)).map((b) => b.id);
      },
    },
  });
  while ((await runner.runOnce()) > 0) {}
  expect(seen).toEqual([bizB]);
});

test('a tenant cannot enqueue a job for another business', async () => {
  expect(
    await rejected(db.withTenant(bizA, (tx) => enqueueJob(tx, { kind: 'noop', businessId: bizB }))),
  ).toThrow();
});

test('the started loop picks up a new job without waiting for its poll, and stops cleanly', async () => {
  const kind = `loop-${crypto.randomUUID()}`;
  let resolveRan: () => void = () => {};
  const ran = new Promise<void>((r) => {
    resolveRan = r;
  });
  // A long poll: only the NOTIFY wake-up can make this fast.
  const runner = createJobRunner({ db, log, pollMs: 20_000, handlers: { [kind]: async () => resolveRan() } });
  await runner.start();
  const started = performance.now();
  await enqueue({ kind, businessId: null });
  await ran;
  expect(performance.now() - started).toBeLessThan(5000);
  await runner.stop();
});

test('a job whose failure could not be written is queued again as soon as the database answers', async () => {
  const kind = `flaky-${crypto.randomUUID()}`;
  const id = (await enqueue({ kind, businessId: bizA })) as string;
  let down = false;
  const unreachable = () =>
    Promise.reject(Object.assign(new Error('write CONNECTION_CLOSED'), { code: 'CONNECTION_CLOSED' }));
  // The same database, except that it drops every connection while `down`.
  const flaky: Database = {
    ...db,
    withSystem: (fn) => (down ? unreachable() : db.withSystem(fn)),
    withTenant: (businessId, fn) => (down ? unreachable() : db.withTenant(businessId, fn)),
  };
  const clock = fakeClock();
  const runner = createJobRunner({
    db: flaky,
    log,
    now: clock.now,
    handlers: {
      [kind]: async () => {
        down = true; // the database goes away under the job
        throw new Error('connection lost mid-job');
      },
    },
  });
  expect(await runner.runOnce()).toBe(1);
  expect((await jobById(id)).status).toBe('running'); // its lease would hold it for 5 minutes
  expect(await rejected(runner.runOnce())).toThrow('CONNECTION_CLOSED'); // still down
  down = false;
  await runner.runOnce();
  const row = await jobById(id);
  expect(row.status).toBe('queued');
  expect(row.lockedUntil).toBeNull();
  expect(row.lastError).toBe('connection lost mid-job');
});

test('a claim hands its jobs over in the order they were due', async () => {
  const t0 = Date.now() - 60_000;
  // Enqueued newest first, so neither insertion nor id order matches the order they were due.
  await db.withTenant(bizB, async (tx) => {
    for (let i = 9; i >= 0; i--)
      await enqueueJob(tx, {
        kind: 'test.order',
        businessId: bizB,
        runAt: new Date(t0 + i * 1000),
        payload: { i },
      });
  });
  const claimed = await claimJobs(db, { workerId: 'order', now: new Date(), leaseMs: 60_000, limit: 20 });
  const mine = claimed.filter((j) => j.kind === 'test.order').map((j) => (j.payload as { i: number }).i);
  expect(mine).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  await db.withSystem((tx) => tx.delete(jobs).where(eq(jobs.kind, 'test.order')));
});

/** A live liveness session that is not this database handle's (another process, as far as the queue can tell). */
async function anotherLiveSession(): Promise<{ name: string; end(): Promise<unknown> }> {
  if (db.kind === 'postgres') {
    const other = await openSecondHandle(db);
    const name = await other.liveness.current();
    if (!name) throw new Error('no liveness session');
    return { name, end: () => other.close() };
  }
  // The embedded database is one session: the lock is taken in it under another name.
  const name = `other-${crypto.randomUUID()}.0`;
  const lock = (fn: string) =>
    db.owner.execute(sql`select ${sql.raw(fn)}(${LIVENESS_LOCK_CLASS}::int, hashtext(${name}))`);
  await lock('pg_advisory_lock');
  return { name, end: () => lock('pg_advisory_unlock') };
}

test("a job handed to another live process waits for it, uncounted, and is anyone's once that process is gone", async () => {
  const kind = `forward-${crypto.randomUUID()}`;
  const id = (await enqueue({ kind, businessId: bizA })) ?? '';
  const other = await anotherLiveSession();
  const attemptsSeen: number[] = [];
  const handler: JobHandler = async (_tx, job) => {
    attemptsSeen.push(job.attempts);
    if (attemptsSeen.length === 1) return { forward: other.name };
  };
  const runner = createJobRunner({ db, log, handlers: { [kind]: handler } });
  expect(await runner.runOnce()).toBeGreaterThanOrEqual(1);
  const handed = await jobById(id);
  expect(handed.status).toBe('queued');
  expect(handed.forSession).toBe(other.name);
  expect(handed.attempts).toBe(0); // the hand-over is not an attempt

  await runner.runOnce(); // addressed to a live process that is not this one: not claimed here
  expect((await jobById(id)).status).toBe('queued');
  expect(attemptsSeen).toEqual([1]);

  await other.end(); // that process died: the job is anyone's
  await waitUntil(async () => {
    await runner.runOnce();
    return (await jobById(id)).status === 'done';
  }, 'the job run');
  expect(attemptsSeen).toEqual([1, 1]);
});
