import { afterAll, beforeAll, expect, test } from 'bun:test';
import { type S3Standin, startS3Standin } from '../../standins/s3/index.ts';
import { waitUntil } from '../../standins/wait.ts';
import { rejected, rejectionOf } from '../../test/settle';
import { createS3RecordingStore, type S3Location } from './s3-store.ts';
import type { RecordingStore } from './store.ts';
import { parseWavHeader, WAV_HEADER_BYTES } from './wav.ts';

let s3: S3Standin;
let loc: S3Location;
const SECOND = 16_000; // bytes of 16-bit PCM at 8 kHz
const problems: string[] = [];

beforeAll(() => {
  s3 = startS3Standin({ buckets: ['rec'] });
  loc = { bucket: 'rec', prefix: 'calls/', endpoint: s3.endpoint, region: 'us-east-1', ...s3.credentials };
});
afterAll(() => s3.stop());

const store = (o: Parameters<typeof createS3RecordingStore>[1] = {}): RecordingStore =>
  createS3RecordingStore(loc, {
    segmentBytes: SECOND,
    retryMs: 20,
    maxRetryMs: 100,
    finishWaitMs: 2000,
    onProblem: (what) => problems.push(what),
    ...o,
  });
const ids = () => ({ business: crypto.randomUUID(), call: crypto.randomUUID() });
/** One second of audio whose every byte says which second it is. */
const second = (n: number) => new Uint8Array(SECOND).fill(n + 1);
const partsOf = (business: string, call: string) => s3.keys('rec', `calls/parts/${business}/${call}/`);

test('segments reach the bucket as the call goes, and the end merges them behind the WAV header', async () => {
  const { business, call } = ids();
  const file = await store().create(business, call);
  for (let i = 0; i < 3; i++) file.write(second(i));
  file.write(second(3).subarray(0, 8000)); // half a second still in hand
  // A crash now would lose only the half second in hand: three segments are stored.
  await waitUntil(() => partsOf(business, call).length === 3, 'three segments in the bucket');
  const done = await file.finish(3.5 * 8000);
  expect(done).toEqual({ sizeBytes: WAV_HEADER_BYTES + 3.5 * SECOND, missingMs: 0 });
  const obj = s3.object('rec', `calls/${business}/${call}.wav`);
  expect(parseWavHeader(obj?.bytes ?? new Uint8Array())?.samples).toBe(3.5 * 8000);
  expect(obj?.bytes[WAV_HEADER_BYTES]).toBe(1);
  expect(obj?.bytes[WAV_HEADER_BYTES + 3 * SECOND]).toBe(4);
  expect(partsOf(business, call)).toEqual([]);
});

test('opens a stored recording with its size and serves a byte range of it', async () => {
  const { business, call } = ids();
  const s = store();
  const file = await s.create(business, call);
  file.write(second(0));
  file.write(second(1));
  await file.finish(16_000);
  const stored = await s.open(file.path);
  expect(stored?.size).toBe(WAV_HEADER_BYTES + 2 * SECOND);
  const range = new Uint8Array(
    await new Response(
      stored?.body({ start: WAV_HEADER_BYTES + SECOND - 2, end: WAV_HEADER_BYTES + SECOND + 1 }),
    ).arrayBuffer(),
  );
  expect([...range]).toEqual([1, 1, 2, 2]);
  await s.remove(file.path);
  expect(await s.open(file.path)).toBeNull();
  await s.remove(file.path); // already gone is fine
  expect(await s.open('../../etc/passwd')).toBeNull();
});

test('a call longer than 5 MiB is merged through a multipart upload S3 accepts', async () => {
  const { business, call } = ids();
  const s = store({ segmentBytes: 10 * SECOND });
  const file = await s.create(business, call);
  const seconds = 340; // 5.4 MB
  for (let i = 0; i < seconds; i++) {
    file.write(second(i % 200));
    if (i % 50 === 0) await Bun.sleep(1);
  }
  await file.finish(seconds * 8000);
  expect(s3.object('rec', `calls/${business}/${call}.wav`)?.bytes.length).toBe(
    WAV_HEADER_BYTES + seconds * SECOND,
  );
  expect(s3.requests.some((r) => r.startsWith(`POST /rec/calls/${business}/${call}.wav?uploads`))).toBe(true);
});

test('storage unreachable for a while: segments wait, are retried, and the recording is whole', async () => {
  const { business, call } = ids();
  const file = await store().create(business, call);
  s3.down();
  try {
    for (let i = 0; i < 5; i++) file.write(second(i));
    await waitUntil(() => problems.includes('segment upload failed, retrying'), 'a failed upload');
  } finally {
    s3.up();
  }
  const done = await file.finish(5 * 8000);
  expect(done.missingMs).toBe(0);
  const bytes = s3.object('rec', `calls/${business}/${call}.wav`)?.bytes;
  expect(bytes?.length).toBe(WAV_HEADER_BYTES + 5 * SECOND);
  expect(bytes?.[WAV_HEADER_BYTES + 4 * SECOND]).toBe(5);
});

test('past the bound on what may wait, segments become silence and the rest stays in time', async () => {
  const { business, call } = ids();
  const file = await store({ maxPendingBytes: 2 * SECOND }).create(business, call);
  s3.down();
  try {
    for (let i = 0; i < 5; i++) file.write(second(i)); // seconds 0-1 wait, 2-4 are dropped
  } finally {
    s3.up();
  }
  await waitUntil(() => partsOf(business, call).length === 2, 'the waiting segments stored', {
    timeoutMs: 3000,
  });
  file.write(second(5));
  const done = await file.finish(6 * 8000);
  expect(done).toEqual({ sizeBytes: WAV_HEADER_BYTES + 6 * SECOND, missingMs: 3000 });
  const bytes = s3.object('rec', `calls/${business}/${call}.wav`)?.bytes as Uint8Array;
  const at = (sec: number) => bytes[WAV_HEADER_BYTES + sec * SECOND];
  expect([0, 1, 2, 3, 4, 5].map(at)).toEqual([1, 2, 0, 0, 0, 6]);
});

test('the bound across calls holds too', async () => {
  const s = store({ maxPendingBytesTotal: 3 * SECOND });
  const a = ids();
  const b = ids();
  const fa = await s.create(a.business, a.call);
  const fb = await s.create(b.business, b.call);
  s3.down();
  try {
    for (let i = 0; i < 2; i++) fa.write(second(i));
    for (let i = 0; i < 2; i++) fb.write(second(i)); // only one of b's fits in what is left
  } finally {
    s3.up();
  }
  expect((await fa.finish(16_000)).missingMs).toBe(0);
  expect((await fb.finish(16_000)).missingMs).toBe(1000);
});

test('storage unreachable to the end: finish rejects (the recording is lost) within its wait', async () => {
  const { business, call } = ids();
  const file = await store({ finishWaitMs: 300 }).create(business, call);
  s3.down();
  try {
    file.write(second(0));
    const started = performance.now();
    expect(await rejected(file.finish(8000))).toThrow('recording lost');
    expect(performance.now() - started).toBeLessThan(2000);
  } finally {
    s3.up();
  }
  expect(s3.object('rec', `calls/${business}/${call}.wav`)).toBeUndefined();
});

test('the start check proves the bucket can be written, and names the problem without the secret', async () => {
  await store().check();
  expect(s3.keys('rec', 'calls/.write-check/')).toEqual([]);
  const wrong = createS3RecordingStore({ ...loc, secretAccessKey: 'wrong-secret-value' });
  const err = (await wrong.check().catch((e: unknown) => e)) as Error;
  expect(err.message).toContain('s3://rec/calls/ is not writable (SignatureDoesNotMatch');
  expect(err.message).not.toContain('wrong-secret-value');
  const noBucket = createS3RecordingStore({ ...loc, bucket: 'missing' });
  expect(((await noBucket.check().catch((e: unknown) => e)) as Error).message).toContain('NoSuchBucket');
});

test('an object deleted behind our back opens as null; the storage down makes open reject', async () => {
  const { business, call } = ids();
  const s = store();
  const file = await s.create(business, call);
  file.write(second(0));
  await file.finish(8000);
  s3.objects.get('rec')?.delete(`calls/${business}/${call}.wav`);
  expect(await s.open(file.path)).toBeNull();
  s3.failWith(503);
  try {
    expect(await rejectionOf(s.open(file.path))).toBeDefined();
  } finally {
    s3.failWith(null);
  }
});
