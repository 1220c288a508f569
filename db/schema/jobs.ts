import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { businesses } from './businesses';
import { tenantPolicy } from './tenancy';

/**
 * queued → running → done; a failed run goes back to queued (later, with backoff) until
 * its attempts are spent, then dead (kept for a person to look at). A running job whose
 * lease (`locked_until`) passed belongs to a worker that died: it is claimed again, and so
 * is one whose claiming session (`locked_session`, a session-level advisory lock held by
 * that process's connection, server/jobs/liveness.ts) no longer holds its lock: a process
 * that died, or whose connection died, gives its jobs back at once rather than after the lease.
 */
export const JOB_STATUSES = ['queued', 'running', 'done', 'dead'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * The durable job queue (server/jobs/). `business_id` is null only for system-wide jobs;
 * a business's job runs inside that business's tenant scope, so row-level security holds
 * for job code exactly as for requests. Workers claim across businesses in the system
 * scope with FOR UPDATE SKIP LOCKED.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    businessId: uuid('business_id').references(() => businesses.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    // Enqueueing the same key twice makes one job (on conflict do nothing).
    uniqueKey: text('unique_key'),
    status: text('status', { enum: JOB_STATUSES }).notNull().default('queued'),
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    lockedBy: text('locked_by'),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    // The liveness session the claim was made under; null for a claim made without one.
    lockedSession: text('locked_session'),
    // Addressed to one live process (its liveness session): only it may claim the job, until that
    // session ends. Set when a job must run where something lives (a WhatsApp Web socket).
    forSession: text('for_session'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    check('jobs_status_known', sql`${t.status} in ('queued', 'running', 'done', 'dead')`),
    check('jobs_attempts_valid', sql`${t.attempts} >= 0 and ${t.maxAttempts} >= 1`),
    uniqueIndex('jobs_unique_key').on(t.uniqueKey),
    // The claim: due queued jobs, oldest first.
    index('jobs_queued_run_at_idx').on(t.runAt).where(sql`${t.status} = 'queued'`),
    // The claim's second half: running jobs whose lease expired.
    index('jobs_running_locked_until_idx').on(t.lockedUntil).where(sql`${t.status} = 'running'`),
    // Retention: finished jobs past their keeping time (server/retention/); dead ones stay.
    index('jobs_done_finished_idx').on(t.finishedAt).where(sql`${t.status} = 'done'`),
    // Deleting a business cascades here.
    index('jobs_business_idx').on(t.businessId),
    tenantPolicy('jobs'),
  ],
).enableRLS();
