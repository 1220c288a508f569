/**
 * Retention for what piles up. Once a day (02:00 UTC) a system job purges finished jobs
 * past their keeping time (dead ones stay until a person has looked: they are the record
 * of what failed) and enqueues one job per business, which runs in that business's tenant
 * scope (row-level security on) and deletes its notifications read long ago and drops the
 * delivery payload (template parameters) of its messages sent long ago; a sent message's
 * text stays, since it is the conversation on the lead's timeline. Call tokens go a day
 * after they expired; login-throttle rows once idle (no failure in the window, no recent success);
 * calls still open past the longest call Twilio allows are closed. Each delete reads a
 * partial index, so a day's run costs what that day added.
 */
import { and, eq, inArray, isNotNull, lt } from 'drizzle-orm';
import { businesses, callTokens, jobs, notifications, outboxMessages, passwordResets } from '../../db/schema';
import { purgeIdleThrottleRows } from '../auth/login-throttle';
import { closeAbandonedCalls } from '../calls/lifecycle/unrecorded';
import type { Tx } from '../db/database';
import { dailyJob } from '../jobs/daily';
import { enqueueJob } from '../jobs/queue';
import type { JobHandler } from '../jobs/runner';

export const RETENTION_JOB = 'retention.daily';
export const BUSINESS_RETENTION_JOB = 'retention.business';

export interface RetentionPolicy {
  /** Finished (done) jobs are deleted this many days after they finished. */
  jobDays: number;
  /** Read notifications are deleted this many days after they were read. */
  notificationDays: number;
  /** A sent message's delivery payload is dropped this many days after it was sent. */
  outboxPayloadDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { jobDays: 7, notificationDays: 90, outboxPayloadDays: 30 };

/** Rows deleted per statement, so a first run over years of history holds no lock for long. */
const BATCH = 10_000;
const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000);

/** Deletes done jobs that finished before `olderThan`, in batches; dead, queued and running jobs stay. */
export async function purgeFinishedJobs(tx: Tx, olderThan: Date): Promise<number> {
  let deleted = 0;
  for (;;) {
    const batch = tx
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.status, 'done'), lt(jobs.finishedAt, olderThan)))
      .limit(BATCH);
    const gone = await tx.delete(jobs).where(inArray(jobs.id, batch)).returning({ id: jobs.id });
    deleted += gone.length;
    if (gone.length < BATCH) return deleted;
  }
}

/**
 * Call tokens expired before `olderThan` (system scope). A day's worth stays so a webhook
 * replayed soon after is refused by its row; later, the call's own row refuses it.
 */
export async function purgeExpiredCallTokens(tx: Tx, olderThan: Date): Promise<number> {
  const gone = await tx
    .delete(callTokens)
    .where(lt(callTokens.expiresAt, olderThan))
    .returning({ callSid: callTokens.callSid });
  return gone.length;
}

/** Password reset links expired before `olderThan` (system scope): spent or not, they open nothing. */
export async function purgeExpiredResetLinks(tx: Tx, olderThan: Date): Promise<number> {
  const gone = await tx
    .delete(passwordResets)
    .where(lt(passwordResets.expiresAt, olderThan))
    .returning({ id: passwordResets.id });
  return gone.length;
}

/** In one business's scope: its notifications read before `olderThan`. */
export async function purgeReadNotifications(tx: Tx, businessId: string, olderThan: Date): Promise<number> {
  const gone = await tx
    .delete(notifications)
    .where(
      and(
        eq(notifications.businessId, businessId),
        isNotNull(notifications.readAt),
        lt(notifications.readAt, olderThan),
      ),
    )
    .returning({ id: notifications.id });
  return gone.length;
}

/** In one business's scope: drops the template parameters of messages sent before `olderThan`. */
export async function dropSentPayloads(tx: Tx, businessId: string, olderThan: Date): Promise<number> {
  const done = await tx
    .update(outboxMessages)
    .set({ templateParams: null })
    .where(
      and(
        eq(outboxMessages.businessId, businessId),
        eq(outboxMessages.status, 'sent'),
        isNotNull(outboxMessages.templateParams),
        lt(outboxMessages.sentAt, olderThan),
      ),
    )
    .returning({ id: outboxMessages.id });
  return done.length;
}

/** The per-business job (tenant scope): the business's own data. */
export function businessRetentionHandler(policy: RetentionPolicy): JobHandler {
  return async (tx, job, now) => {
    if (!job.businessId) throw new Error(`${BUSINESS_RETENTION_JOB} needs a business`);
    await purgeReadNotifications(tx, job.businessId, daysBefore(now, policy.notificationDays));
    await dropSentPayloads(tx, job.businessId, daysBefore(now, policy.outboxPayloadDays));
  };
}

/** The daily system job: the queue's own history, then one job per business (keyed by day). */
export function retentionHandler(policy: RetentionPolicy): JobHandler {
  return async (tx, _job, now) => {
    await purgeFinishedJobs(tx, daysBefore(now, policy.jobDays));
    await purgeExpiredCallTokens(tx, daysBefore(now, 1));
    await purgeExpiredResetLinks(tx, daysBefore(now, 1));
    await purgeIdleThrottleRows(tx, now);
    await closeAbandonedCalls(tx, now);
    const day = now.toISOString().slice(0, 10);
    const all = await tx.select({ id: businesses.id }).from(businesses);
    for (const { id } of all) {
      await enqueueJob(tx, {
        kind: BUSINESS_RETENTION_JOB,
        businessId: id,
        uniqueKey: `${BUSINESS_RETENTION_JOB}:${id}:${day}`,
      });
    }
  };
}

/**
 * Both jobs, ready for the runner: `handlers` goes into createJobHandlers' `extra`, and
 * `ensure(db, now)` queues the first daily run at start (idempotent).
 */
export function retentionJobs(policy: RetentionPolicy = DEFAULT_RETENTION) {
  const daily = dailyJob(RETENTION_JOB, retentionHandler(policy), { hourUtc: 2 });
  return {
    handlers: { [daily.kind]: daily.handler, [BUSINESS_RETENTION_JOB]: businessRetentionHandler(policy) },
    ensure: daily.ensure,
  };
}
