/**
 * The job runner: a poll loop that claims due jobs and runs each inside its business's
 * tenant scope (system-wide jobs in the system scope). Several runners, in one process or
 * many, may share a database: claims never overlap (SKIP LOCKED), a job's work and its
 * "done" commit in one transaction, and a lost claim rolls its work back, so a job's
 * database effects happen exactly once.
 */
import type { Database, Tx } from '../db/database';
import type { Logger } from '../lib/logger';
import { type BackoffPolicy, DEFAULT_BACKOFF } from './backoff';
import { claimJobs, completeJob, failJob, forwardJob, holdsClaim, type JobRow } from './claim';
import { JOB_WAKE_CHANNEL } from './queue';

/**
 * Does one job's work in `tx` (the job's business scope). Throwing rolls the work back and
 * retries the job later; returning `{ retry }` commits the work and still retries (a send
 * that failed but whose consequence, such as "this link is down", must be kept).
 * Returning `{ forward: session }` hands the job, its attempt not counted, to the live process
 * of that liveness session (the one holding a WhatsApp Web socket), its work committed.
 * Handlers must tolerate running again after a failure (use unique keys for what they write).
 */
export type JobHandler = (tx: Tx, job: JobRow, now: Date) => Promise<JobOutcome>;
// biome-ignore lint/suspicious/noConfusingVoidType: most handlers are plain `async` functions that return nothing.
export type JobOutcome = void | { retry: string } | { forward: string };

/**
 * Work that must not run inside the job's transaction (it opens its own transactions, or
 * waits on the network for long): the runner awaits it outside any transaction, then marks
 * the job done in a short one. At least once, not exactly once: a crash, a lost claim or a
 * failed "done" after the work ran runs it again, so whatever it writes must be keyed by
 * the job's cause (a unique key, a dedupe key). Throwing retries the job as usual.
 */
export interface DetachedJob {
  detached: (job: JobRow, now: Date) => Promise<void>;
}

/** What a job kind is handled by: work in the job's transaction, or detached work. */
export type JobEntry = JobHandler | DetachedJob;

export interface JobRunnerOptions {
  db: Database;
  handlers: Readonly<Record<string, JobEntry>>;
  log: Logger;
  /** Names this runner in `locked_by`; unique per runner. */
  workerId?: string;
  now?: () => Date;
  /**
   * How long a claim lasts before another worker may take the job: the backstop for a worker
   * that lives but hangs (one whose process or connection died gives its claims back at once).
   */
  leaseMs?: number;
  pollMs?: number;
  batchSize?: number;
  backoff?: BackoffPolicy;
}

export interface JobRunner {
  readonly workerId: string;
  /** Claims and runs one batch of due jobs; resolves with how many it ran. */
  runOnce(): Promise<number>;
  /** Starts the poll loop (listening for enqueue wake-ups too). */
  start(): Promise<void>;
  /** Ends the loop after the job in hand; resolves once it has stopped. */
  stop(): Promise<void>;
}

class ClaimLost extends Error {}

export function createJobRunner(opts: JobRunnerOptions): JobRunner {
  const { db, handlers, log } = opts;
  const workerId = opts.workerId ?? `worker-${crypto.randomUUID().slice(0, 8)}`;
  const now = opts.now ?? (() => new Date());
  const leaseMs = opts.leaseMs ?? 5 * 60_000;
  const pollMs = opts.pollMs ?? 2_000;
  const batchSize = opts.batchSize ?? 10;
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;

  let loop: Promise<void> | null = null;
  let stopping = false;
  let wake: (() => void) | null = null;
  // A wake-up that came while a batch was running: the next idle wait returns at once.
  let woken = false;
  let unlisten: (() => Promise<void>) | null = null;

  async function execute(job: JobRow) {
    const handler = handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
      if (typeof handler !== 'function') return await executeDetached(job, handler);
      let retry: string | undefined;
      const run = async (tx: Tx) => {
        const at = now();
        const outcome = await handler(tx, job, at);
        if (outcome && 'forward' in outcome) {
          if (!(await forwardJob(tx, job, outcome.forward, at))) throw new ClaimLost();
          log.debug({ jobId: job.id, kind: job.kind, to: outcome.forward }, 'job handed to its process');
          return;
        }
        retry = outcome?.retry;
        const held = retry === undefined ? await completeJob(tx, job, at) : await holdsClaim(tx, job);
        if (!held) throw new ClaimLost();
      };
      if (job.businessId) await db.withTenant(job.businessId, run);
      else await db.withSystem(run);
      if (retry !== undefined) await failed(job, retry);
    } catch (err) {
      if (err instanceof ClaimLost) {
        const detached = typeof handler === 'object';
        log.warn(
          { jobId: job.id, kind: job.kind, detached },
          detached
            ? 'job claim lost to another worker; its detached work ran and will run again'
            : 'job claim lost to another worker; work rolled back',
        );
        return;
      }
      await failed(job, err instanceof Error ? err.message : String(err));
    }
  }

  async function executeDetached(job: JobRow, handler: DetachedJob) {
    await handler.detached(job, now());
    const done = (tx: Tx) => completeJob(tx, job, now());
    const held = job.businessId ? await db.withTenant(job.businessId, done) : await db.withSystem(done);
    // Nothing to roll back: the work ran, and the worker that now holds the job runs it again.
    if (!held) throw new ClaimLost();
  }

  // Failures that could not be written (the database dropped the connection that ran the
  // job): retried before every claim, so the job is back in the queue as soon as the
  // database answers, not after its lease.
  const unrecorded = new Map<string, { job: JobRow; message: string }>();

  async function failed(job: JobRow, message: string) {
    let state: Awaited<ReturnType<typeof failJob>>;
    try {
      state = await failJob(db, job, message, { now: now(), backoff });
    } catch (err) {
      unrecorded.set(job.id, { job, message });
      log.warn(
        { jobId: job.id, kind: job.kind, err: String(err) },
        'job failed and the failure could not be recorded; retried when the database answers',
      );
      return;
    }
    const level = state === 'dead' ? 'error' : 'warn';
    log[level]({ jobId: job.id, kind: job.kind, attempt: job.attempts, state, err: message }, 'job failed');
  }

  /** Throws (leaving the rest for next time) while the database is still unreachable. */
  async function recordPendingFailures() {
    for (const [id, { job, message }] of unrecorded) {
      await failJob(db, job, message, { now: now(), backoff });
      unrecorded.delete(id);
    }
  }

  async function runOnce(): Promise<number> {
    await recordPendingFailures();
    // Claims under this process's liveness session are given back the moment it ends.
    const session = await db.liveness.current();
    const claimed = await claimJobs(db, { workerId, now: now(), leaseMs, limit: batchSize, session });
    for (const job of claimed) {
      if (job.attempts > job.maxAttempts) {
        // Its worker died during the last attempt it had.
        await failJob(db, job, job.lastError ?? 'lease expired on the last attempt', { now: now(), backoff });
        continue;
      }
      await execute(job);
    }
    return claimed.length;
  }

  const idle = () =>
    new Promise<void>((resolve) => {
      if (woken) {
        woken = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, pollMs);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  return {
    workerId,
    runOnce,
    async start() {
      if (loop) return;
      stopping = false;
      // Wake-ups are an optimisation: without them the poll interval still finds every job.
      unlisten = await db
        .listen(JOB_WAKE_CHANNEL, () => {
          if (wake) wake();
          else woken = true;
        })
        .catch((err) => {
          log.warn({ err }, 'job wake-ups unavailable; polling only');
          return null;
        });
      loop = (async () => {
        while (!stopping) {
          let ran = 0;
          woken = false; // this batch sees everything enqueued so far
          try {
            ran = await runOnce();
          } catch (err) {
            log.error({ err }, 'job runner: claiming failed');
          }
          if (ran < batchSize && !stopping) await idle();
        }
      })();
    },
    async stop() {
      stopping = true;
      wake?.();
      await loop;
      loop = null;
      await unlisten?.().catch(() => {});
      unlisten = null;
    },
  };
}
