/**
 * Enqueueing durable jobs (db/schema/jobs.ts). Always inside the caller's transaction, so
 * a job exists exactly when the change that asked for it committed (a transactional
 * outbox): a booking rolled back leaves no reminder behind.
 */
import { sql } from 'drizzle-orm';
import { jobs } from '../../db/schema';
import type { Tx } from '../db/database';

/** NOTIFY channel that wakes idle runners (in every process) when a job is enqueued. */
export const JOB_WAKE_CHANNEL = 'prosaas_jobs';

export interface JobSpec {
  kind: string;
  /** The business whose scope the job runs in; null for a system-wide job. */
  businessId: string | null;
  payload?: Record<string, unknown>;
  /** Not before this instant; now when omitted. */
  runAt?: Date;
  /** A second enqueue with the same key is a no-op (the first job stands, whatever its state). */
  uniqueKey?: string;
  maxAttempts?: number;
}

/**
 * Adds a job in the caller's transaction. Returns its id, or null when a job with the same
 * unique key already exists. Tenant transactions may only enqueue their own business's jobs
 * (row-level security's WITH CHECK refuses anything else).
 */
export async function enqueueJob(tx: Tx, spec: JobSpec): Promise<string | null> {
  const [row] = await tx
    .insert(jobs)
    .values({
      kind: spec.kind,
      businessId: spec.businessId,
      payload: spec.payload ?? {},
      runAt: spec.runAt,
      uniqueKey: spec.uniqueKey ?? null,
      maxAttempts: spec.maxAttempts,
    })
    .onConflictDoNothing({ target: jobs.uniqueKey })
    .returning({ id: jobs.id });
  // Delivered on commit only; several enqueues in one transaction fold into one wake-up.
  if (row) await tx.execute(sql`select pg_notify(${JOB_WAKE_CHANNEL}, '')`);
  return row?.id ?? null;
}
