/**
 * Every kind of job the runner knows, wired once (server/main.ts and the test server).
 * Adding a kind: write its JobHandler beside its domain and list it here.
 */
import { CALL_ANALYSIS_JOB } from '../calls/analysis/job';
import { CALL_CLOSE_JOB, closeUnrecordedJob } from '../calls/lifecycle/unrecorded';
import { EVENT_JOB_KIND, eventDispatcher } from '../events/events';
import { WEBHOOK_DELIVER_JOB, webhooksOnEvent } from '../integrations/on-event';
import { notifyOnEvent } from '../notifications/on-event';
import { type MessagingPort, WHATSAPP_DELIVER_JOB } from '../reminders/messaging';
import { reminderJobs, scheduleRemindersOnEvent } from '../reminders/reminders';
import { TASK_DUE_JOB, taskDueJob } from '../tasks/due';
import { WHATSAPP_INBOUND_JOB } from '../whatsapp/inbound';
import type { DetachedJob, JobEntry, JobHandler } from './runner';

/**
 * The seam for recording retention (issue 5), being built with call recordings: its
 * handler (system scope; it may enqueue one job per business) is made daily with
 * `dailyJob(RECORDING_RETENTION_JOB, handler, { hourUtc })`, passed here in `extra`, and
 * main.ts calls the daily job's `ensure(db, now)` at start.
 */
export const RECORDING_RETENTION_JOB = 'recordings.retention';

export interface JobHandlerDeps {
  /** How customers are written to (the outbox, delivered by `deliver`). */
  messaging: MessagingPort;
  /**
   * Delivers queued customer messages over the business's WhatsApp (server/whatsapp/deliver.ts).
   * Without it those jobs wait, retried, for a process that has it.
   */
  deliver?: JobHandler;
  /**
   * Answers customers' incoming WhatsApp messages (server/whatsapp/inbound.ts): detached,
   * since the assistant opens its own transactions. Without it those jobs wait, retried.
   */
  inbound?: DetachedJob;
  /**
   * Sends the business's webhooks (server/integrations/deliver.ts); without it the
   * deliveries wait, queued, for a process that has it.
   */
  webhooks?: DetachedJob;
  /**
   * The post-call analysis (server/calls/analysis/job.ts); without it the calls stay
   * pending, their jobs retried, until a process that has it runs them.
   */
  analysis?: DetachedJob;
  /** More kinds, such as recording retention. */
  extra?: Readonly<Record<string, JobHandler>>;
}

export function createJobHandlers(deps: JobHandlerDeps): Record<string, JobEntry> {
  return {
    [EVENT_JOB_KIND]: eventDispatcher([notifyOnEvent, scheduleRemindersOnEvent, webhooksOnEvent]),
    [TASK_DUE_JOB]: taskDueJob,
    [CALL_CLOSE_JOB]: closeUnrecordedJob,
    ...reminderJobs(deps.messaging),
    ...(deps.deliver ? { [WHATSAPP_DELIVER_JOB]: deps.deliver } : {}),
    ...(deps.inbound ? { [WHATSAPP_INBOUND_JOB]: deps.inbound } : {}),
    ...(deps.webhooks ? { [WEBHOOK_DELIVER_JOB]: deps.webhooks } : {}),
    ...(deps.analysis ? { [CALL_ANALYSIS_JOB]: deps.analysis } : {}),
    ...deps.extra,
  };
}
