/**
 * The queue's three state changes, each a short transaction in the system scope (the
 * runner works across businesses; the job itself then runs in its business's scope).
 */
import { and, asc, eq, inArray, isNotNull, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import { jobs } from '../../db/schema';
import type { Database, Tx } from '../db/database';
import { sessionEnded } from '../db/liveness';
import { type BackoffPolicy, backoffMs } from './backoff';
import { JOB_WAKE_CHANNEL } from './queue';

export type JobRow = typeof jobs.$inferSelect;

/**
 * Queued jobs whose time has come (read in `run_at` order from jobs_queued_run_at_idx), less
 * those addressed to another live process (`for_session`): a job addressed to a session that
 * has ended is anyone's again.
 */
export const dueQueued = (now: Date, session: string | null = null) =>
  and(
    eq(jobs.status, 'queued'),
    lte(jobs.runAt, now),
    or(
      isNull(jobs.forSession),
      ...(session ? [eq(jobs.forSession, session)] : []),
      sessionEnded(jobs.forSession),
    ),
  );

/**
 * Running jobs whose worker is gone, known by its lease having expired or, sooner, by the
 * liveness session it claimed under having ended (a dead process or a dead connection).
 * Read through jobs_running_locked_until_idx: the running jobs are few.
 */
export const orphaned = (now: Date) =>
  and(
    eq(jobs.status, 'running'),
    or(lte(jobs.lockedUntil, now), and(isNotNull(jobs.lockedSession), sessionEnded(jobs.lockedSession))),
  );

/**
 * Claims up to `limit` due jobs for `workerId` until `now + leaseMs`, under the liveness
 * session `session` (null: the lease alone guards the claim). FOR UPDATE SKIP LOCKED lets
 * any number of workers, in any number of processes, claim at once without waiting on each
 * other or taking the same job. Each claim counts as an attempt.
 *
 * One statement: orphaned jobs first (they have waited longest), then queued ones by
 * `run_at`, each an ordered read of its partial index that stops at `limit`, so a claim
 * costs the same with ten jobs due or a hundred thousand (one OR of both sets made the
 * planner read every due job and sort them).
 */
export function claimJobs(
  db: Database,
  opts: { workerId: string; now: Date; leaseMs: number; limit: number; session?: string | null },
): Promise<JobRow[]> {
  return db.withSystem(async (tx) => {
    // The claim need not wait for its WAL to reach the disk (about 2 ms of a claim here): a
    // claim lost in a crash leaves the job queued, to be claimed again, which the job's own
    // transaction (synchronous, and flushing the claim's WAL before it) makes the same
    // at-least-once as a lease that expires.
    await tx.execute(sql`select set_config('synchronous_commit', 'off', true)`);
    const take = (where: SQL | undefined) =>
      tx
        .select({ id: jobs.id })
        .from(jobs)
        .where(where)
        .orderBy(asc(jobs.runAt))
        .limit(opts.limit)
        .for('update', { skipLocked: true });
    const orphans = tx.$with('orphans').as(take(orphaned(opts.now)));
    const queued = tx.$with('queued').as(take(dueQueued(opts.now, opts.session ?? null)));
    return (
      tx
        .with(orphans, queued)
        .update(jobs)
        .set({
          status: 'running',
          attempts: sql`${jobs.attempts} + 1`,
          lockedBy: opts.workerId,
          lockedUntil: new Date(opts.now.getTime() + opts.leaseMs),
          lockedSession: opts.session ?? null,
          updatedAt: opts.now,
        })
        .where(
          inArray(
            jobs.id,
            sql`(select id from (select id from orphans union all select id from queued) taken limit ${opts.limit})`,
          ),
        )
        .returning()
        // Run in the order they were due (RETURNING follows no order): a customer's earlier
        // message is answered before a later one.
        .then((rows) => rows.sort((a, b) => a.runAt.getTime() - b.runAt.getTime()))
    );
  });
}

/** Only the claim that is still current may finish a job: a reclaimed job has more attempts. */
const stillMine = (job: JobRow) =>
  and(
    eq(jobs.id, job.id),
    eq(jobs.status, 'running'),
    eq(jobs.lockedBy, job.lockedBy ?? ''),
    eq(jobs.attempts, job.attempts),
  );

/**
 * Whether this claim is still current, locking the job row until the transaction ends: a
 * handler's work that commits without completing the job (a retry that keeps its work)
 * checks this first, as completeJob does.
 */
export async function holdsClaim(tx: Tx, job: JobRow): Promise<boolean> {
  const rows = await tx.select({ id: jobs.id }).from(jobs).where(stillMine(job)).for('update');
  return rows.length > 0;
}

/**
 * Marks the job done inside the transaction that did its work, so the work and "done"
 * commit together. False when the claim was lost (the lease expired and another worker
 * took the job): the caller must then roll its work back.
 */
export async function completeJob(tx: Tx, job: JobRow, now: Date): Promise<boolean> {
  const rows = await tx
    .update(jobs)
    .set({
      status: 'done',
      finishedAt: now,
      updatedAt: now,
      lockedBy: null,
      lockedUntil: null,
      lockedSession: null,
      lastError: null,
    })
    .where(stillMine(job))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/**
 * Hands a claimed job to the live process named by `session` (the one that holds what the job
 * needs): queued again at once, addressed to it, the attempt not counted, and the queue's
 * listeners woken so it is claimed there now rather than at the next poll. False when the
 * claim was lost.
 */
export async function forwardJob(tx: Tx, job: JobRow, session: string, now: Date): Promise<boolean> {
  const rows = await tx
    .update(jobs)
    .set({
      status: 'queued',
      forSession: session,
      runAt: now,
      attempts: sql`greatest(${jobs.attempts} - 1, 0)`,
      lockedBy: null,
      lockedUntil: null,
      lockedSession: null,
      updatedAt: now,
    })
    .where(stillMine(job))
    .returning({ id: jobs.id });
  if (rows.length > 0) await tx.execute(sql`select pg_notify(${JOB_WAKE_CHANNEL}, '')`);
  return rows.length > 0;
}

/**
 * Records a failed attempt: back to the queue after the backoff, or dead once the job has
 * used all its attempts. Returns the state it left the job in (null when the claim was lost).
 */
export function failJob(
  db: Database,
  job: JobRow,
  error: string,
  opts: { now: Date; backoff: BackoffPolicy },
): Promise<'queued' | 'dead' | null> {
  const dead = job.attempts >= job.maxAttempts;
  return db.withSystem(async (tx) => {
    const rows = await tx
      .update(jobs)
      .set({
        status: dead ? 'dead' : 'queued',
        runAt: dead ? undefined : new Date(opts.now.getTime() + backoffMs(job.attempts, opts.backoff)),
        lastError: error.slice(0, 2000),
        lockedBy: null,
        lockedUntil: null,
        lockedSession: null,
        finishedAt: dead ? opts.now : null,
        updatedAt: opts.now,
      })
      .where(stillMine(job))
      .returning({ id: jobs.id });
    if (rows.length === 0) return null;
    return dead ? 'dead' : 'queued';
  });
}
