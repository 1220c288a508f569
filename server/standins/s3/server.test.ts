/**
 * The stand-in driven by Bun's own S3 client (what the recordings store uses): this is also
 * the record of what Bun 1.4.5's client does — path-style requests, UNSIGNED-PAYLOAD,
 * multipart through `writer()` once past `partSize`, ranges through `slice()`, presigned URLs.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { type S3Standin, startS3Standin } from './server.ts';
import { signV4 } from './sigv4.ts';

let s3: S3Standin;
let client: Bun.S3Client;
beforeAll(() => {
  s3 = startS3Standin({ buckets: ['calls'] });
  client = new Bun.S3Client({
    ...s3.credentials,
    endpoint: s3.endpoint,
    bucket: 'calls',
    region: 'us-east-1',
  });
});
afterAll(() => s3.stop());

const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * seed) & 0xff);

test('stores an object, answers HEAD with its size and GET with a byte range', async () => {
  await client.file('a/one.wav').write(bytes(1000));
  expect(s3.object('calls', 'a/one.wav')?.bytes.length).toBe(1000);
  const stat = await client.file('a/one.wav').stat();
  expect(stat.size).toBe(1000);
  const part = new Uint8Array(await client.file('a/one.wav').slice(100, 110).arrayBuffer());
  expect([...part]).toEqual([...bytes(1000).subarray(100, 110)]);
  expect(await client.file('a/missing.wav').exists()).toBe(false);
});

test('a writer past partSize uploads in parts and completes one object; the parts are gone', async () => {
  const writer = client.file('a/big.wav').writer({ partSize: 5 * 1024 * 1024 });
  const chunk = bytes(1024 * 1024, 3);
  for (let i = 0; i < 6; i++) writer.write(chunk);
  writer.write(bytes(10));
  await writer.end();
  const obj = s3.object('calls', 'a/big.wav');
  expect(obj?.bytes.length).toBe(6 * 1024 * 1024 + 10);
  expect(s3.requests.some((r) => r.startsWith('POST /calls/a/big.wav?uploads'))).toBe(true);
  expect(s3.requests.filter((r) => r.includes('partNumber=')).length).toBe(2);
  expect(s3.uploads.size).toBe(0);
});

test('refuses parts smaller than 5 MiB before the last, as S3 does', async () => {
  const init = await signedFetch('POST', 'a/small.wav?uploads=');
  const uploadId = /<UploadId>([^<]+)</.exec(await init.text())?.[1] ?? '';
  for (const n of [1, 2]) {
    const r = await signedFetch('PUT', `a/small.wav?partNumber=${n}&uploadId=${uploadId}`, bytes(10));
    expect(r.status).toBe(200);
  }
  const parts = [1, 2].map((n) => `<Part><PartNumber>${n}</PartNumber><ETag>"x"</ETag></Part>`).join('');
  const done = await signedFetch(
    'POST',
    `a/small.wav?uploadId=${uploadId}`,
    new TextEncoder().encode(`<CompleteMultipartUpload>${parts}</CompleteMultipartUpload>`),
  );
  expect(done.status).toBe(400);
  expect(await done.text()).toContain('EntityTooSmall');
  expect((await signedFetch('DELETE', `a/small.wav?uploadId=${uploadId}`)).status).toBe(204);
  expect(s3.uploads.has(uploadId)).toBe(false);
});

test('lists by prefix with a delimiter, and deletes (a key already gone is fine)', async () => {
  await client.file('b/1/x').write('x');
  await client.file('b/1/y').write('y');
  await client.file('b/2/z').write('z');
  const flat = await client.list({ prefix: 'b/' });
  expect(flat.contents?.map((c) => c.key)).toEqual(['b/1/x', 'b/1/y', 'b/2/z']);
  const grouped = await client.list({ prefix: 'b/', delimiter: '/' });
  expect(grouped.commonPrefixes?.map((p) => p.prefix)).toEqual(['b/1/', 'b/2/']);
  await client.file('b/1/x').delete();
  await client.file('b/1/x').delete();
  expect(s3.keys('calls', 'b/')).toEqual(['b/1/y', 'b/2/z']);
});

test('a presigned URL reads the object with a range until it expires', async () => {
  await client.file('c/p.wav').write(bytes(50));
  const url = client.file('c/p.wav').presign({ expiresIn: 60 });
  const r = await fetch(url, { headers: { range: 'bytes=10-19' } });
  expect(r.status).toBe(206);
  expect(r.headers.get('content-range')).toBe('bytes 10-19/50');
  expect((await r.arrayBuffer()).byteLength).toBe(10);
  const tampered = url.replace('c/p.wav', 'c/q.wav');
  expect((await fetch(tampered)).status).toBe(403);
});

test('refuses a wrong secret, an unknown key and an unsigned request', async () => {
  const wrong = new Bun.S3Client({
    accessKeyId: s3.credentials.accessKeyId,
    secretAccessKey: 'not-the-secret',
    endpoint: s3.endpoint,
    bucket: 'calls',
  });
  const err = await wrong
    .file('a/one.wav')
    .text()
    .catch((e: unknown) => e);
  expect(err).toMatchObject({ code: 'SignatureDoesNotMatch' });
  const unknown = new Bun.S3Client({
    accessKeyId: 'NOBODY',
    secretAccessKey: 'x',
    endpoint: s3.endpoint,
    bucket: 'calls',
  });
  expect(
    await unknown
      .file('a/one.wav')
      .exists()
      .catch((e: unknown) => e),
  ).not.toBe(true);
  expect((await fetch(`${s3.endpoint}/calls/a/one.wav`)).status).toBe(403);
});

test('an unsatisfiable range is 416 and a missing bucket NoSuchBucket', async () => {
  await client.file('d/r').write(bytes(10));
  const url = client.file('d/r').presign({ expiresIn: 60 });
  expect((await fetch(url, { headers: { range: 'bytes=20-30' } })).status).toBe(416);
  const other = new Bun.S3Client({ ...s3.credentials, endpoint: s3.endpoint, bucket: 'nope' });
  expect(
    await other
      .file('x')
      .write('x')
      .catch((e: unknown) => e),
  ).toMatchObject({ code: 'NoSuchBucket' });
});

test('down() refuses connections and up() serves the same objects again', async () => {
  await client.file('e/kept').write('kept');
  s3.down();
  expect(
    await client
      .file('e/kept')
      .text()
      .catch(() => 'refused'),
  ).toBe('refused');
  s3.up();
  expect(await client.file('e/kept').text()).toBe('kept');
});

/** A raw request, signed in the header form (for the multipart verbs Bun's client has no method for). */
function signedFetch(
  method: string,
  pathAndQuery: string,
  body?: Uint8Array<ArrayBuffer>,
): Promise<Response> {
  const url = `${s3.endpoint}/calls/${pathAndQuery}`;
  return fetch(url, { method, body, headers: signV4(method, url, s3.credentials, 'us-east-1') });
}
