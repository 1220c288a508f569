/** A process that dies mid-call: its segments are in the bucket; the daily job makes them a recording. */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { callRecordings } from '../../../db/schema';
import type { JobRow } from '../../jobs/claim';
import { type S3Standin, startS3Standin } from '../../standins/s3/index.ts';
import { waitUntil } from '../../standins/wait.ts';
import { HOOK_TIMEOUT_MS } from '../../test/database';
import { createHarness, type Harness } from '../../test/harness';
import { recordCallStart } from '../call-records.ts';
import { ABANDONED_AFTER_MS, recordingRetentionHandler } from './retention.ts';
import { createS3RecordingStore } from './s3-store.ts';
import type { RecordingStore } from './store.ts';
import { parseWavHeader, WAV_HEADER_BYTES } from './wav.ts';

const SECOND = 16_000;
let s3: S3Standin;
let h: Harness;
let store: RecordingStore;

beforeAll(async () => {
  s3 = startS3Standin({ buckets: ['rec'] });
  store = createS3RecordingStore(
    { bucket: 'rec', prefix: 'p/', endpoint: s3.endpoint, ...s3.credentials },
    { segmentBytes: SECOND },
  );
  h = await createHarness({ recordings: store });
}, HOOK_TIMEOUT_MS);
afterAll(async () => {
  await h.close();
  await s3.stop();
});

/** A call whose process died after `seconds` of audio reached the bucket (the rest was in hand). */
async function crashedCall(seconds: number, withRow = true): Promise<string> {
  const callId = crypto.randomUUID();
  if (withRow) {
    const now = new Date();
    await recordCallStart(h.db, {
      callId,
      businessId: h.a.id,
      callSid: `CA${callId.replaceAll('-', '')}`,
      from: '+972541112233',
      to: h.a.phone,
      startedAt: now,
      answeredAt: now,
    });
  }
  const file = await store.create(h.a.id, callId);
  for (let i = 0; i < seconds; i++) file.write(new Uint8Array(SECOND).fill(i + 1));
  file.write(new Uint8Array(SECOND / 2)); // in hand when the process died: lost
  await waitUntil(() => s3.keys('rec', `p/parts/${h.a.id}/${callId}/`).length === seconds, 'segments stored');
  return callId; // never finished: the process is gone
}

const runDailyJob = (now: Date) =>
  h.db.withSystem((tx) => recordingRetentionHandler({ store })(tx, {} as JobRow, now));
const rowOf = (callId: string) =>
  h.db.withSystem(async (tx) => {
    const [row] = await tx.select().from(callRecordings).where(eq(callRecordings.callId, callId));
    return row;
  });

test("the daily job merges a dead writer's segments into its recording and gives it its row", async () => {
  const whole = await crashedCall(3);
  const gap = await crashedCall(3);
  s3.objects.get('rec')?.delete(`p/parts/${h.a.id}/${gap}/000001`);
  const orphan = await crashedCall(1, false);
  const live = await crashedCall(1);

  // The live one is not yet idle long enough; the others are, from their own clock.
  const later = new Date(Date.now() + ABANDONED_AFTER_MS + 60_000);
  const freshKey = `p/parts/${h.a.id}/${live}/000000`;
  const fresh = s3.object('rec', freshKey);
  if (fresh) fresh.lastModified = later;
  await runDailyJob(later);

  const merged = s3.object('rec', `p/${h.a.id}/${whole}.wav`)?.bytes as Uint8Array;
  expect(parseWavHeader(merged)?.samples).toBe(3 * 8000);
  expect(merged[WAV_HEADER_BYTES + 2 * SECOND]).toBe(3);
  expect(await rowOf(whole)).toMatchObject({ status: 'complete', durationMs: 3000, missingMs: 0 });

  const withGap = s3.object('rec', `p/${h.a.id}/${gap}.wav`)?.bytes as Uint8Array;
  expect([0, 1, 2].map((s) => withGap[WAV_HEADER_BYTES + s * SECOND])).toEqual([1, 0, 3]);
  expect(await rowOf(gap)).toMatchObject({ status: 'partial', durationMs: 3000, missingMs: 1000 });

  expect(await rowOf(orphan)).toBeUndefined(); // no call row: nothing to show it on
  expect(s3.keys('rec', `p/parts/${h.a.id}/${whole}/`)).toEqual([]);
  expect(s3.keys('rec', `p/parts/${h.a.id}/${live}/`)).toHaveLength(1);
  expect(await rowOf(live)).toBeUndefined();

  const owner = await h.login(h.a.users.owner.email);
  const res = await h.request('GET', `/api/calls/${whole}/recording`, { cookie: owner });
  expect(res.status).toBe(200);
  expect((await res.arrayBuffer()).byteLength).toBe(WAV_HEADER_BYTES + 3 * SECOND);
});
