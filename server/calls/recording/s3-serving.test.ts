/**
 * The dashboard's GET /api/calls/:id/recording on object storage: ranges passed on to the
 * bucket, and each way a recording can be unplayable answered with its own code (the
 * dashboard says it in Hebrew).
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { callRecordings } from '../../../db/schema';
import { type S3Standin, startS3Standin } from '../../standins/s3/index.ts';
import { HOOK_TIMEOUT_MS } from '../../test/database';
import { createHarness, type Harness, TEST_ORIGIN } from '../../test/harness';
import { createS3RecordingStore } from './s3-store.ts';
import type { RecordingStore } from './store.ts';
import { seedRecordedCall } from './test-call.ts';
import { WAV_HEADER_BYTES } from './wav.ts';

let s3: S3Standin;
let h: Harness;
let owner: string;
let store: RecordingStore;

beforeAll(async () => {
  s3 = startS3Standin({ buckets: ['rec'] });
  store = createS3RecordingStore({ bucket: 'rec', prefix: '', endpoint: s3.endpoint, ...s3.credentials });
  h = await createHarness({ recordings: store });
  owner = await h.login(h.a.users.owner.email);
}, HOOK_TIMEOUT_MS);
afterAll(async () => {
  await h.close();
  await s3.stop();
});

const get = (callId: string, range?: string) =>
  h.app.request(`${TEST_ORIGIN}/api/calls/${callId}/recording`, {
    headers: { cookie: owner, origin: TEST_ORIGIN, ...(range ? { range } : {}) },
  });
const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

test('plays from the bucket: the whole WAV, and a byte range as 206', async () => {
  const callId = await seedRecordedCall(h.db, store, h.a.id);
  const whole = await get(callId);
  expect(whole.status).toBe(200);
  expect(whole.headers.get('accept-ranges')).toBe('bytes');
  expect((await whole.arrayBuffer()).byteLength).toBe(WAV_HEADER_BYTES + 16_000);
  const part = await get(callId, 'bytes=40-99');
  expect(part.status).toBe(206);
  expect(part.headers.get('content-range')).toBe(`bytes 40-99/${WAV_HEADER_BYTES + 16_000}`);
  expect((await part.arrayBuffer()).byteLength).toBe(60);
});

test('an object gone from the bucket is recording_missing; a lost recording is recording_lost', async () => {
  const missing = await seedRecordedCall(h.db, store, h.a.id);
  s3.objects.get('rec')?.delete(`${h.a.id}/${missing}.wav`);
  const res = await get(missing);
  expect(res.status).toBe(404);
  expect(await codeOf(res)).toBe('recording_missing');

  const lost = await seedRecordedCall(h.db, store, h.a.id);
  await h.db.withSystem((tx) =>
    tx.update(callRecordings).set({ status: 'lost' }).where(eq(callRecordings.callId, lost)),
  );
  const gone = await get(lost);
  expect(gone.status).toBe(404);
  expect(await codeOf(gone)).toBe('recording_lost');
  const list = await h.request('GET', `/api/calls/${lost}`, { cookie: owner });
  expect(((await list.json()) as { call: { recording: { status: string } } }).call.recording.status).toBe(
    'lost',
  );
});

test('the storage failing is a 503 recording_unavailable, not a crash', async () => {
  const callId = await seedRecordedCall(h.db, store, h.a.id);
  s3.failWith(503);
  try {
    const res = await get(callId);
    expect(res.status).toBe(503);
    expect(await codeOf(res)).toBe('recording_unavailable');
  } finally {
    s3.failWith(null);
  }
});
