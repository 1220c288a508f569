import { afterAll, beforeAll, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { jobs } from '../../db/schema';
import type { Database } from '../db/database';
import { createLogger } from '../lib/logger';
import { createTestDatabase, HOOK_TIMEOUT_MS } from '../test/database';
import { dailyJob, nextDailyRun } from './daily';
import { createJobRunner } from './runner';

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
}, HOOK_TIMEOUT_MS);
afterAll(() => db.close());

test('the next daily run is the coming hour mark, tomorrow once it has passed', () => {
  expect(nextDailyRun(new Date('2026-03-01T01:59:00Z'), 2).toISOString()).toBe('2026-03-01T02:00:00.000Z');
  expect(nextDailyRun(new Date('2026-03-01T02:00:00Z'), 2).toISOString()).toBe('2026-03-02T02:00:00.000Z');
  expect(nextDailyRun(new Date('2026-12-31T23:00:00Z'), 2).toISOString()).toBe('2027-01-01T02:00:00.000Z');
});

test('a daily job runs once a day and queues the next day itself; ensure is idempotent', async () => {
  const days: string[] = [];
  const daily = dailyJob(
    'test.daily',
    async (_tx, _job, now) => void days.push(now.toISOString().slice(0, 10)),
    {
      hourUtc: 3,
    },
  );
  const start = new Date(Date.now() + 86_400_000);
  await daily.ensure(db, start);
  await daily.ensure(db, start);
  let t = start.getTime();
  const runner = createJobRunner({
    db,
    log: createLogger('silent'),
    handlers: { [daily.kind]: daily.handler },
    now: () => new Date(t),
  });
  for (let day = 0; day < 3; day++) {
    t = nextDailyRun(new Date(t), 3).getTime() + 1000;
    expect(await runner.runOnce()).toBe(1);
    expect(await runner.runOnce()).toBe(0); // tomorrow's is not due yet
  }
  expect(days.length).toBe(3);
  expect(new Set(days).size).toBe(3);
  const queued = await db.withSystem((tx) => tx.select().from(jobs).where(eq(jobs.status, 'queued')));
  expect(queued.length).toBe(1);
});
