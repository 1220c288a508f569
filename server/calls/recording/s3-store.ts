/**
 * Recordings in any S3-compatible bucket (Tigris on fly, AWS S3, Cloudflare R2, MinIO)
 * through Bun's built-in client. Keys: `<prefix><businessId>/<callId>.wav` for a finished
 * recording, `<prefix>parts/<businessId>/<callId>/<segment>` while its call is live
 * (`s3-recording.ts`). Served through the server (ranges passed on as S3 ranges), so the
 * dashboard needs no second origin and the tenant check stays ours.
 */
import { S3Client } from 'bun';
import {
  createSegmentedRecording,
  mergeSegments,
  type PendingBudget,
  type SegmentedOptions,
  segmentKey,
} from './s3-recording.ts';
import { isStoredPath, type RecordingStore, type RecoveredRecording, recordingPath } from './store.ts';

export interface S3Location {
  bucket: string;
  /** '' or ending in '/'. */
  prefix: string;
  endpoint?: string;
  region?: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** `https://<bucket>.<endpoint host>/…` instead of `https://<endpoint host>/<bucket>/…`. */
  virtualHostedStyle?: boolean;
}

export interface S3StoreOptions
  extends Pick<
    SegmentedOptions,
    'segmentBytes' | 'maxPendingBytes' | 'retryMs' | 'maxRetryMs' | 'finishWaitMs'
  > {
  /** Bytes waiting for the storage across all calls of this process (default 64 MiB). */
  maxPendingBytesTotal?: number;
  /** Told about storage trouble (never a credential: Bun's S3 errors carry codes, not keys). */
  onProblem?(what: string, err: unknown): void;
}

/** S3's "nothing there" answers; anything else is the storage failing. */
const isMissing = (err: unknown) => {
  const code = (err as { code?: string }).code;
  return code === 'NoSuchKey' || code === 'ERR_S3_FILE_NOT_FOUND' || code === 'NotFound';
};

export function createS3RecordingStore(loc: S3Location, opts: S3StoreOptions = {}): RecordingStore {
  const client = new S3Client({
    bucket: loc.bucket,
    endpoint: loc.endpoint,
    region: loc.region,
    accessKeyId: loc.accessKeyId,
    secretAccessKey: loc.secretAccessKey,
    sessionToken: loc.sessionToken,
    virtualHostedStyle: loc.virtualHostedStyle,
  });
  const budget: PendingBudget = { used: 0, max: opts.maxPendingBytesTotal ?? 64 * 1024 * 1024 };
  const where = `s3://${loc.bucket}/${loc.prefix}`;
  const keyOf = (path: string) => (isStoredPath(path) ? `${loc.prefix}${path}` : null);
  return {
    where,
    async create(businessId, callId) {
      const path = recordingPath(businessId, callId);
      return createSegmentedRecording({
        ...opts,
        client,
        path,
        key: `${loc.prefix}${path}`,
        partsPrefix: `${loc.prefix}parts/${businessId}/${callId}/`,
        budget,
      });
    },
    async open(path) {
      const key = keyOf(path);
      if (key === null) return null;
      const file = client.file(key);
      let size: number;
      try {
        size = (await file.stat()).size;
      } catch (err) {
        if (isMissing(err)) return null;
        throw err;
      }
      return {
        size,
        // A stream, not the S3File: `new Response(s3File)` answers a redirect to a presigned URL.
        body: (range) => (range ? file.slice(range.start, range.end + 1) : file).stream(),
      };
    },
    async remove(path) {
      const key = keyOf(path);
      if (key !== null) await client.file(key).delete();
    },
    async recoverAbandoned(idleMs, now) {
      const partsRoot = `${loc.prefix}parts/`;
      const calls = new Map<string, { seqs: Map<number, number>; newest: number }>();
      let token: string | undefined;
      do {
        const page = await client.list({ prefix: partsRoot, continuationToken: token });
        for (const o of page.contents ?? []) {
          const m = /^([0-9a-f-]{36})\/([0-9a-f-]{36})\/(\d{6})$/.exec(o.key.slice(partsRoot.length));
          if (!m) continue;
          const id = `${m[1]}/${m[2]}`;
          const entry = calls.get(id) ?? { seqs: new Map(), newest: 0 };
          entry.seqs.set(Number(m[3]), o.size ?? 0);
          entry.newest = Math.max(entry.newest, Date.parse(o.lastModified ?? '') || 0);
          calls.set(id, entry);
        }
        token = page.isTruncated ? page.nextContinuationToken : undefined;
      } while (token);
      const recovered: RecoveredRecording[] = [];
      for (const [id, { seqs, newest }] of calls) {
        if (now.getTime() - newest < idleMs) continue; // its writer may still be alive
        const [businessId, callId] = id.split('/') as [string, string];
        const path = recordingPath(businessId, callId);
        const last = Math.max(...seqs.keys());
        const full = Math.max(...seqs.values()); // every segment but the last is full
        const segments = [];
        let total = 0;
        let missing = 0;
        for (let n = 0; n <= last; n++) {
          const size = seqs.get(n);
          if (size === undefined) missing += full;
          total += size ?? full;
          segments.push(
            size === undefined ? { silenceBytes: full } : { key: segmentKey(`${partsRoot}${id}/`, n) },
          );
        }
        await mergeSegments(client, `${loc.prefix}${path}`, segments, total);
        await Promise.all(
          [...seqs.keys()].map((n) => client.file(segmentKey(`${partsRoot}${id}/`, n)).delete()),
        );
        recovered.push({
          businessId,
          callId,
          path,
          sizeBytes: 44 + total,
          durationMs: Math.round(total / 16),
          missingMs: Math.round(missing / 16),
        });
      }
      return recovered;
    },
    async check() {
      const probe = client.file(`${loc.prefix}.write-check/${crypto.randomUUID()}`);
      try {
        await probe.write('ok');
        await probe.delete();
      } catch (err) {
        const e = err as { code?: string; message?: string };
        throw new Error(`${where} is not writable (${e.code ?? 'error'}: ${e.message ?? String(err)})`);
      }
    },
  };
}
