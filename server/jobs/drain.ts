/** Test helper: runs every due job (and the jobs they enqueue) with the real handlers. */
import type { Database } from '../db/database';
import { createLogger } from '../lib/logger';
import { outboxMessaging } from '../reminders/messaging';
import { createJobHandlers } from './handlers';
import { createJobRunner, type DetachedJob, type JobHandler } from './runner';

export async function drainJobs(
  db: Database,
  now: () => Date = () => new Date(),
  opts: { deliver?: JobHandler; inbound?: DetachedJob; webhooks?: DetachedJob } = {},
): Promise<number> {
  const runner = createJobRunner({
    db,
    log: createLogger('silent'),
    handlers: createJobHandlers({
      messaging: outboxMessaging,
      deliver: opts.deliver,
      inbound: opts.inbound,
      webhooks: opts.webhooks,
    }),
    now,
  });
  let total = 0;
  for (let ran = await runner.runOnce(); ran > 0; ran = await runner.runOnce()) total += ran;
  return total;
}
