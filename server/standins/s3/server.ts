/**
 * An S3-compatible object store for tests and the production smoke test: path-style
 * requests (`/<bucket>/<key>`) signed with SigV4 (header or presigned URL), objects in
 * memory. It speaks what the recordings store uses and real S3 answers: PUT, GET with
 * `Range` (206/416), HEAD, DELETE, ListObjectsV2, and multipart uploads (create, upload
 * part, complete, abort) with S3's rule that every part but the last is at least 5 MiB.
 * Errors are S3's XML shape with its codes.
 *
 * For tests of an unreachable store: `down()` stops listening (connections are refused),
 * `up()` listens again on the same port; `failWith(503)` answers every request with an error.
 */
import { createHash } from 'node:crypto';
import { type Credentials, verifySigV4 } from './sigv4.ts';

export interface S3Object {
  bytes: Uint8Array<ArrayBuffer>;
  etag: string;
  lastModified: Date;
  contentType: string;
}

export interface S3StandinOptions {
  port?: number;
  buckets?: string[];
  credentials?: Credentials[];
  /** Smallest part but the last (default 5 MiB, as S3). */
  minPartBytes?: number;
}

export interface S3Standin {
  readonly endpoint: string;
  readonly credentials: Credentials;
  /** bucket → key → object. */
  readonly objects: Map<string, Map<string, S3Object>>;
  /** Requests seen, as `METHOD /bucket/key?query` (for tests that check what the client did). */
  readonly requests: string[];
  object(bucket: string, key: string): S3Object | undefined;
  keys(bucket: string, prefix?: string): string[];
  /** Unfinished multipart uploads. */
  readonly uploads: Map<string, { bucket: string; key: string; parts: Map<number, Uint8Array> }>;
  failWith(status: number | null): void;
  down(): void;
  up(): void;
  stop(): Promise<void>;
}

const xml = (body: string, status = 200, headers: Record<string, string> = {}) =>
  new Response(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`, {
    status,
    headers: { 'content-type': 'application/xml', ...headers },
  });

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function s3Error(status: number, code: string, message: string, resource = ''): Response {
  return xml(
    `<Error><Code>${code}</Code><Message>${esc(message)}</Message><Resource>${esc(resource)}</Resource><RequestId>standin</RequestId></Error>`,
    status,
  );
}

const md5 = (data: Uint8Array) => createHash('md5').update(data).digest('hex');

/** `bytes=a-b` | `bytes=a-` | `bytes=-n` within `size`; 'invalid' when not satisfiable. */
function parseRange(header: string | null, size: number): { start: number; end: number } | null | 'invalid' {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return null;
  const start = m[1] === '' ? Math.max(0, size - Number(m[2])) : Number(m[1]);
  const end = m[1] === '' || m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  return start <= end && start < size ? { start, end } : 'invalid';
}

export function startS3Standin(o: S3StandinOptions = {}): S3Standin {
  const credentials = o.credentials ?? [{ accessKeyId: 'STANDINKEY', secretAccessKey: 'standin-secret-key' }];
  const minPart = o.minPartBytes ?? 5 * 1024 * 1024;
  const objects = new Map<string, Map<string, S3Object>>(
    (o.buckets ?? ['recordings']).map((b) => [b, new Map()]),
  );
  const uploads: S3Standin['uploads'] = new Map();
  const requests: string[] = [];
  let failure: number | null = null;
  let nextUpload = 1;

  const put = (
    bucket: Map<string, S3Object>,
    key: string,
    bytes: Uint8Array<ArrayBuffer>,
    contentType: string,
  ) => {
    const object = { bytes, etag: `"${md5(bytes)}"`, lastModified: new Date(), contentType };
    bucket.set(key, object);
    return object;
  };

  function list(bucketName: string, bucket: Map<string, S3Object>, q: URLSearchParams): Response {
    const prefix = q.get('prefix') ?? '';
    const delimiter = q.get('delimiter') ?? '';
    const max = Math.min(Number(q.get('max-keys') ?? 1000) || 1000, 1000);
    const after = q.get('continuation-token') ?? q.get('start-after') ?? '';
    const keys = [...bucket.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
    const contents: string[] = [];
    const prefixes = new Set<string>();
    let last = '';
    let truncated = false;
    for (const key of keys) {
      if (contents.length + prefixes.size >= max) {
        truncated = true;
        break;
      }
      const rest = key.slice(prefix.length);
      const cut = delimiter ? rest.indexOf(delimiter) : -1;
      if (cut >= 0) prefixes.add(prefix + rest.slice(0, cut + delimiter.length));
      else {
        const obj = bucket.get(key) as S3Object;
        contents.push(
          `<Contents><Key>${esc(key)}</Key><LastModified>${obj.lastModified.toISOString()}</LastModified><ETag>${esc(obj.etag)}</ETag><Size>${obj.bytes.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
        );
      }
      last = key;
    }
    const common = [...prefixes].map((p) => `<CommonPrefixes><Prefix>${esc(p)}</Prefix></CommonPrefixes>`);
    return xml(
      `<ListBucketResult><Name>${esc(bucketName)}</Name><Prefix>${esc(prefix)}</Prefix><KeyCount>${contents.length + common.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${truncated ? `<NextContinuationToken>${esc(last)}</NextContinuationToken>` : ''}${contents.join('')}${common.join('')}</ListBucketResult>`,
    );
  }

  function complete(bucket: Map<string, S3Object>, key: string, uploadId: string, body: string): Response {
    const upload = uploads.get(uploadId);
    if (!upload || upload.key !== key)
      return s3Error(404, 'NoSuchUpload', 'The specified upload does not exist');
    const numbers = [...body.matchAll(/<PartNumber>(\d+)<\/PartNumber>/g)].map((m) => Number(m[1]));
    if (numbers.length === 0) return s3Error(400, 'MalformedXML', 'no parts listed');
    const chunks: Uint8Array[] = [];
    for (const [i, n] of numbers.entries()) {
      const part = upload.parts.get(n);
      if (!part) return s3Error(400, 'InvalidPart', `part ${n} was not uploaded`);
      if (i > 0 && n <= (numbers[i - 1] as number))
        return s3Error(400, 'InvalidPartOrder', 'parts out of order');
      if (i < numbers.length - 1 && part.length < minPart) {
        return s3Error(
          400,
          'EntityTooSmall',
          'Your proposed upload is smaller than the minimum allowed size',
        );
      }
      chunks.push(part);
    }
    const bytes = new Uint8Array(Buffer.concat(chunks));
    const obj = put(bucket, key, bytes, 'application/octet-stream');
    uploads.delete(uploadId);
    return xml(
      `<CompleteMultipartUploadResult><Key>${esc(key)}</Key><ETag>${esc(obj.etag)}</ETag></CompleteMultipartUploadResult>`,
    );
  }

  async function handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (failure !== null) return s3Error(failure, 'ServiceUnavailable', 'Please reduce your request rate.');
    const body = new Uint8Array(await req.arrayBuffer());
    const auth = verifySigV4(req, body, credentials);
    if (!auth.ok) return s3Error(403, auth.code, auth.message, url.pathname);
    const [, bucketName = '', ...rest] = url.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    const bucket = objects.get(decodeURIComponent(bucketName));
    if (!bucket) return s3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', bucketName);
    const q = url.searchParams;
    if (!key) {
      if (req.method === 'GET' && q.get('list-type') === '2') return list(bucketName, bucket, q);
      if (req.method === 'HEAD') return new Response(null, { status: 200 });
      return s3Error(405, 'MethodNotAllowed', 'not supported on a bucket here');
    }
    const uploadId = q.get('uploadId');
    switch (req.method) {
      case 'POST':
        if (q.has('uploads')) {
          const id = `upload-${nextUpload++}`;
          uploads.set(id, { bucket: bucketName, key, parts: new Map() });
          return xml(
            `<InitiateMultipartUploadResult><Bucket>${esc(bucketName)}</Bucket><Key>${esc(key)}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`,
          );
        }
        if (uploadId) return complete(bucket, key, uploadId, new TextDecoder().decode(body));
        return s3Error(400, 'InvalidRequest', 'unknown POST');
      case 'PUT': {
        if (uploadId) {
          const upload = uploads.get(uploadId);
          const n = Number(q.get('partNumber'));
          if (!upload || upload.key !== key)
            return s3Error(404, 'NoSuchUpload', 'The specified upload does not exist');
          if (!Number.isInteger(n) || n < 1 || n > 10_000)
            return s3Error(400, 'InvalidArgument', 'bad partNumber');
          upload.parts.set(n, body);
          return new Response(null, { headers: { etag: `"${md5(body)}"` } });
        }
        const obj = put(bucket, key, body, req.headers.get('content-type') ?? 'application/octet-stream');
        return new Response(null, { headers: { etag: obj.etag } });
      }
      case 'DELETE':
        if (uploadId) {
          if (!uploads.delete(uploadId))
            return s3Error(404, 'NoSuchUpload', 'The specified upload does not exist');
          return new Response(null, { status: 204 });
        }
        bucket.delete(key); // S3 answers 204 for a key that is already gone
        return new Response(null, { status: 204 });
      case 'GET':
      case 'HEAD': {
        const obj = bucket.get(key);
        if (!obj) {
          return req.method === 'HEAD'
            ? new Response(null, { status: 404 })
            : s3Error(404, 'NoSuchKey', 'The specified key does not exist.', key);
        }
        const size = obj.bytes.length;
        const headers: Record<string, string> = {
          etag: obj.etag,
          'last-modified': obj.lastModified.toUTCString(),
          'content-type': obj.contentType,
          'accept-ranges': 'bytes',
        };
        if (req.method === 'HEAD') {
          return new Response(null, { headers: { ...headers, 'content-length': String(size) } });
        }
        const range = parseRange(req.headers.get('range'), size);
        if (range === 'invalid')
          return s3Error(416, 'InvalidRange', 'The requested range is not satisfiable');
        if (range === null) return new Response(obj.bytes, { headers });
        headers['content-range'] = `bytes ${range.start}-${range.end}/${size}`;
        return new Response(obj.bytes.slice(range.start, range.end + 1), { status: 206, headers });
      }
      default:
        return s3Error(405, 'MethodNotAllowed', `${req.method} is not allowed`);
    }
  }

  let server = Bun.serve({ port: o.port ?? 0, hostname: '127.0.0.1', fetch: handle });
  const port = server.port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    credentials: credentials[0] as Credentials,
    objects,
    requests,
    uploads,
    object: (bucket, key) => objects.get(bucket)?.get(key),
    keys: (bucket, prefix = '') =>
      [...(objects.get(bucket)?.keys() ?? [])].filter((k) => k.startsWith(prefix)).sort(),
    failWith(status) {
      failure = status;
    },
    down() {
      server.stop(true);
    },
    up() {
      server = Bun.serve({ port, hostname: '127.0.0.1', fetch: handle });
    },
    async stop() {
      await server.stop(true);
    },
  };
}
