/**
 * An answered call whose relay never wrote its end (the process died) is closed from
 * Twilio's final status, a grace period later; the relay's own record always wins.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { calls, jobs } from '../../../db/schema';
import type { Database } from '../../db/database';
import { createTestDatabase, HOOK_TIMEOUT_MS } from '../../test/database';
import { recordCallEnd, recordCallStart } from '../call-records.ts';
import { seedPhoneBusinesses } from '../e2e/phone-server.ts';
import { recordStatus } from './call-status.ts';
import {
  CALL_CLOSE_JOB,
  CLOSE_GRACE_MS,
  closeAbandonedCalls,
  closeUnrecordedJob,
  LONGEST_CALL_MS,
  LOST_RECORD_REASON,
} from './unrecorded.ts';

let db: Database;
let businessId: string;
beforeAll(async () => {
  db = await createTestDatabase();
  businessId = (await seedPhoneBusinesses(db)).active;
}, HOOK_TIMEOUT_MS);
afterAll(() => db.close());

async function answeredCall(startedAt = new Date()) {
  const call = {
    callId: crypto.randomUUID(),
    businessId,
    callSid: `CA${crypto.randomUUID().replaceAll('-', '')}`,
    from: '+972541234567',
    to: '+97235550111',
    startedAt,
    answeredAt: startedAt,
  };
  await recordCallStart(db, call);
  return call;
}

const row = (id: string) =>
  db.withSystem(async (tx) => (await tx.select().from(calls).where(eq(calls.id, id)))[0]);
const closeJob = (id: string) =>
  db.withSystem(
    async (tx) =>
      (
        await tx
          .select()
          .from(jobs)
          .where(eq(jobs.uniqueKey, `${CALL_CLOSE_JOB}:${id}`))
      )[0],
  );
const completed = (callSid: string, at: Date, durationSeconds = 20) => ({
  callSid,
  leg: 'caller' as const,
  status: 'completed' as const,
  source: 'status_callback' as const,
  durationSeconds,
  occurredAt: at,
});
async function runClose(id: string) {
  const job = await closeJob(id);
  if (!job) throw new Error('no closing job');
  await db.withTenant(businessId, (tx) => closeUnrecordedJob(tx, job, new Date()));
}

test("a call whose relay died is closed from Twilio's end, a grace period later, with Twilio's duration", async () => {
  const call = await answeredCall();
  const end = new Date(call.startedAt.getTime() + 20_000);
  await db.withTenant(businessId, (tx) =>
    recordStatus(tx, { id: call.callId, businessId }, completed(call.callSid, end)),
  );
  const job = await closeJob(call.callId);
  expect(job?.runAt.getTime()).toBe(end.getTime() + CLOSE_GRACE_MS); // a live relay's record comes first
  expect((await row(call.callId))?.endedAt).toBeNull();
  await runClose(call.callId);
  const closed = await row(call.callId);
  expect(closed?.endedAt?.getTime()).toBe(end.getTime());
  expect(closed?.durationMs).toBe(20_000);
  expect(closed?.endReason).toBe(`${LOST_RECORD_REASON} (Twilio: completed)`);
  // The relay's record arriving late (its outage's retry) still replaces it.
  await recordCallEnd(db, {
    callId: call.callId,
    businessId,
    endedAt: end,
    endReason: 'caller hung up',
    durationMs: 19_500,
    transcript: [],
    counters: {} as never,
    recording: null,
  });
  expect((await row(call.callId))?.endReason).toBe('caller hung up');
});

test('a relay that wrote its record first is never overwritten, and no job is left for it', async () => {
  const call = await answeredCall();
  await recordCallEnd(db, {
    callId: call.callId,
    businessId,
    endedAt: new Date(),
    endReason: 'caller hung up',
    durationMs: 7000,
    transcript: [],
    counters: {} as never,
    recording: null,
  });
  await db.withTenant(businessId, (tx) =>
    recordStatus(tx, { id: call.callId, businessId }, completed(call.callSid, new Date())),
  );
  expect(await closeJob(call.callId)).toBeUndefined();
  expect((await row(call.callId))?.durationMs).toBe(7000);
});

test('the record written within the grace period wins: the job then changes nothing', async () => {
  const call = await answeredCall();
  await db.withTenant(businessId, (tx) =>
    recordStatus(tx, { id: call.callId, businessId }, completed(call.callSid, new Date())),
  );
  await recordCallEnd(db, {
    callId: call.callId,
    businessId,
    endedAt: new Date(),
    endReason: 'caller hung up',
    durationMs: 5000,
    transcript: [],
    counters: {} as never,
    recording: null,
  });
  await runClose(call.callId);
  expect(await row(call.callId)).toMatchObject({ endReason: 'caller hung up', durationMs: 5000 });
});

test('a call that never got any end is closed by the daily sweep once older than the longest call', async () => {
  const now = new Date();
  const old = await answeredCall(new Date(now.getTime() - LONGEST_CALL_MS - 60_000));
  const recent = await answeredCall(new Date(now.getTime() - 3600_000));
  expect(await db.withSystem((tx) => closeAbandonedCalls(tx, now))).toBe(1);
  expect((await row(old.callId))?.endReason).toBe(LOST_RECORD_REASON);
  expect((await row(old.callId))?.endedAt?.getTime()).toBe(old.startedAt.getTime());
  expect((await row(recent.callId))?.endedAt).toBeNull(); // may still be live
});
