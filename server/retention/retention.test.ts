import { afterAll, beforeAll, expect, test } from 'bun:test';
import { eq, inArray } from 'drizzle-orm';
import {
  businesses,
  callTokens,
  jobs,
  notifications,
  outboxMessages,
  passwordResets,
  users,
} from '../../db/schema';
import type { Database } from '../db/database';
import { nextDailyRun } from '../jobs/daily';
import { createJobRunner } from '../jobs/runner';
import { createLogger } from '../lib/logger';
import { createTestDatabase, HOOK_TIMEOUT_MS } from '../test/database';
import { BUSINESS_RETENTION_JOB, RETENTION_JOB, retentionJobs } from './retention';

const DAY = 86_400_000;
let db: Database;
let a: string;
let b: string;
let userA: string;
let userB: string;
beforeAll(async () => {
  db = await createTestDatabase();
  const [ba, bb] = await db.withSystem((tx) =>
    tx
      .insert(businesses)
      .values([{ name: 'A' }, { name: 'B' }])
      .returning({ id: businesses.id }),
  );
  if (!ba || !bb) throw new Error('seed');
  a = ba.id;
  b = bb.id;
  const made = await db.withSystem((tx) =>
    tx
      .insert(users)
      .values([
        { email: 'a@r.test', name: 'a', passwordHash: 'x', role: 'owner', businessId: a },
        { email: 'b@r.test', name: 'b', passwordHash: 'x', role: 'owner', businessId: b },
      ])
      .returning({ id: users.id }),
  );
  userA = made[0]?.id ?? '';
  userB = made[1]?.id ?? '';
}, HOOK_TIMEOUT_MS);
afterAll(() => db.close());

test('the daily run deletes exactly what is past its time: finished jobs, long-read notifications, old payloads', async () => {
  const now = new Date(nextDailyRun(new Date(), 2).getTime() + 60_000);
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const job = (label: string, status: 'done' | 'dead' | 'queued' | 'running', finishedDaysAgo: number) => ({
    kind: `test.${label}`,
    businessId: a,
    status,
    runAt: status === 'queued' ? new Date(now.getTime() + DAY) : ago(finishedDaysAgo),
    lockedUntil: status === 'running' ? new Date(now.getTime() + DAY) : null,
    finishedAt: status === 'done' || status === 'dead' ? ago(finishedDaysAgo) : null,
  });
  await db.withSystem((tx) =>
    tx
      .insert(jobs)
      .values([
        job('done-old', 'done', 8),
        job('done-older', 'done', 400),
        job('done-recent', 'done', 6),
        job('dead-old', 'dead', 400),
        job('queued', 'queued', 0),
        job('running', 'running', 0),
      ]),
  );
  const note = (
    businessId: string,
    userId: string,
    key: string,
    readDaysAgo: number | null,
    createdDaysAgo: number,
  ) => ({
    businessId,
    userId,
    kind: 'lead_created' as const,
    title: key,
    dedupeKey: key,
    readAt: readDaysAgo === null ? null : ago(readDaysAgo),
    createdAt: ago(createdDaysAgo),
  });
  await db.withSystem((tx) =>
    tx
      .insert(notifications)
      .values([
        note(a, userA, 'a-read-long-ago', 91, 200),
        note(a, userA, 'a-read-lately', 89, 200),
        note(a, userA, 'a-never-read', null, 500),
        note(b, userB, 'b-read-long-ago', 120, 200),
      ]),
  );
  const message = (key: string, status: 'sent' | 'pending' | 'failed', sentDaysAgo: number | null) => ({
    businessId: a,
    channel: 'whatsapp' as const,
    toPhone: '+972521234567',
    body: `גוף ${key}`,
    status,
    dedupeKey: key,
    templateParams: ['העסק', '10:00'],
    sentAt: sentDaysAgo === null ? null : ago(sentDaysAgo),
  });
  await db.withSystem((tx) =>
    tx
      .insert(outboxMessages)
      .values([
        message('sent-old', 'sent', 31),
        message('sent-recent', 'sent', 29),
        message('failed-old', 'failed', null),
        message('pending', 'pending', null),
      ]),
  );

  const token = (callSid: string, expiredHoursAgo: number) => ({
    callSid,
    businessId: a,
    callId: crypto.randomUUID(),
    nonce: 'n'.repeat(22),
    fromNumber: '+972521234567',
    toNumber: '+97235550111',
    receivedAt: new Date(now.getTime() - expiredHoursAgo * 3_600_000 - 60_000),
    expiresAt: new Date(now.getTime() - expiredHoursAgo * 3_600_000),
  });
  await db.withSystem((tx) =>
    tx.insert(callTokens).values([token('CA-expired-2-days', 48), token('CA-expired-an-hour', 1)]),
  );

  const link = (tokenHash: string, expiredHoursAgo: number) => ({
    businessId: a,
    userId: userA,
    tokenHash,
    expiresAt: new Date(now.getTime() - expiredHoursAgo * 3_600_000),
    requestedIp: '127.0.0.1',
  });
  await db.withSystem((tx) =>
    tx.insert(passwordResets).values([link('reset-expired-2-days', 48), link('reset-expired-an-hour', 1)]),
  );

  const retention = retentionJobs({ jobDays: 7, notificationDays: 90, outboxPayloadDays: 30 });
  await retention.ensure(db, new Date(now.getTime() - 120_000));
  const runner = createJobRunner({
    db,
    log: createLogger('silent'),
    handlers: retention.handlers,
    now: () => now,
  });
  // The daily job, then one job per business (each in its own tenant scope).
  expect(await runner.runOnce()).toBe(1);
  expect(await runner.runOnce()).toBe(2);
  expect(await runner.runOnce()).toBe(0);

  const kinds = await db.withSystem((tx) =>
    tx.select({ kind: jobs.kind, status: jobs.status }).from(jobs).where(eq(jobs.businessId, a)),
  );
  expect(
    kinds
      .map((k) => k.kind)
      .filter((k) => k.startsWith('test.'))
      .sort(),
  ).toEqual(['test.dead-old', 'test.done-recent', 'test.queued', 'test.running']);
  const tokens = await db.withSystem((tx) => tx.select({ sid: callTokens.callSid }).from(callTokens));
  expect(tokens.map((t) => t.sid)).toEqual(['CA-expired-an-hour']);
  const links = await db.withSystem((tx) =>
    tx.select({ hash: passwordResets.tokenHash }).from(passwordResets),
  );
  expect(links.map((l) => l.hash)).toEqual(['reset-expired-an-hour']);
  const titles = await db.withSystem((tx) => tx.select({ t: notifications.title }).from(notifications));
  expect(titles.map((r) => r.t).sort()).toEqual(['a-never-read', 'a-read-lately']);
  const messages = await db.withSystem((tx) =>
    tx
      .select({
        key: outboxMessages.dedupeKey,
        body: outboxMessages.body,
        params: outboxMessages.templateParams,
      })
      .from(outboxMessages)
      .orderBy(outboxMessages.dedupeKey),
  );
  expect(messages).toEqual([
    { key: 'failed-old', body: 'גוף failed-old', params: ['העסק', '10:00'] },
    { key: 'pending', body: 'גוף pending', params: ['העסק', '10:00'] },
    { key: 'sent-old', body: 'גוף sent-old', params: null },
    { key: 'sent-recent', body: 'גוף sent-recent', params: ['העסק', '10:00'] },
  ]);

  // Tomorrow's run is queued, and the per-business jobs of today ran once each.
  const ours = await db.withSystem((tx) =>
    tx
      .select({ kind: jobs.kind, status: jobs.status, runAt: jobs.runAt })
      .from(jobs)
      .where(inArray(jobs.kind, [RETENTION_JOB, BUSINESS_RETENTION_JOB])),
  );
  expect(ours.filter((j) => j.kind === BUSINESS_RETENTION_JOB && j.status === 'done')).toHaveLength(2);
  expect(ours.filter((j) => j.kind === RETENTION_JOB && j.status === 'queued').map((j) => j.runAt)).toEqual([
    nextDailyRun(now, 2),
  ]);
});
