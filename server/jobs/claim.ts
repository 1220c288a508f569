/**
 * The queue's three state changes, each a short transaction in the system scope (the
 * runner works across businesses; the job itself then runs in its business's scope).
 */
import { and, asc, eq, inArray, isNotNull, lte, or, sql } from 'drizzle-orm';
import { jobs } from '../../db/schema';
import type { Database, Tx } from '../db/database';
import { sessionEnded } from '../db/liveness';
import { type BackoffPolicy, backoffMs } from './backoff';

export type JobRow = typeof jobs.$inferSelect;

/**
 * Which jobs a claim may take at `now`: queued jobs whose time has come, and running jobs
 * whose worker is gone, known by its lease having expired or, sooner, by the liveness
 * session it claimed under having ended (a dead process or a dead connection).
 * Exported for the test that checks it is served by the partial indexes.
 */
export const claimable = (now: Date) =>
  or(
    and(eq(jobs.status, 'queued'), lte(jobs.runAt, now)),
    and(
      eq(jobs.status, 'running'),
      or(lte(jobs.lockedUntil, now), and(isNotNull(jobs.lockedSession), sessionEnded(jobs.lockedSession))),
    ),
  );

/**
 * Claims up to `limit` due jobs for `workerId` until `now + leaseMs`, under the liveness
 * session `session` (null: the lease alone guards the claim). FOR UPDATE SKIP LOCKED lets
 * any number of workers, in any number of processes, claim at once without waiting on each
 * other or taking the same job. Each claim counts as an attempt.
 */
export function claimJobs(
  db: Database,
  opts: { workerId: string; now: Date; leaseMs: number; limit: number; session?: string | null },
): Promise<JobRow[]> {
  return db.withSystem(async (tx) => {
    const due = await tx
      .select({ id: jobs.id })
      .from(jobs)
      .where(claimable(opts.now))
      .orderBy(asc(jobs.runAt))
      .limit(opts.limit)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    return tx
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
          due.map((d) => d.id),
        ),
      )
      .returning();
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
