/**
 * One call's recording written to object storage as the call goes: the mixed PCM is cut
 * into segments (10 s, 160 KB, by default), each PUT as its own object under `parts/`, so
 * a crash loses the segment in hand, not the call. When the call ends the segments are
 * merged, behind the WAV header, into the one object the dashboard plays (a multipart
 * upload once past 5 MiB, S3's smallest part), and deleted.
 *
 * Storage unreachable: segments wait in memory, bounded per call and across calls (the
 * shared `budget`), and are retried with backoff, one upload at a time per call. A segment
 * that does not fit is dropped and becomes silence in the merge, so the rest stays in time
 * with the transcript (`missingMs` says how much). If nothing could be stored by the end —
 * or the merge itself fails — the recording is lost: `finish` rejects and the call's page
 * says so. Nothing here ever throws into the audio path.
 */
import type { S3Client } from 'bun';
import type { RecordingFile } from './store.ts';
import { wavHeader } from './wav.ts';

export interface PendingBudget {
  /** Bytes waiting across every call; `max` bounds it. */
  used: number;
  readonly max: number;
}

export interface SegmentedOptions {
  client: S3Client;
  /** The stored path (`<businessId>/<callId>.wav`) and the keys it maps to. */
  path: string;
  key: string;
  partsPrefix: string;
  budget: PendingBudget;
  /** Bytes per segment (default 160,000: 10 s of 16-bit PCM at 8 kHz). */
  segmentBytes?: number;
  /** Bytes one call may keep waiting (default 2 MiB, about two minutes of audio). */
  maxPendingBytes?: number;
  /** Backoff between retries: from `retryMs` doubling up to `maxRetryMs` (default 500 ms, 10 s). */
  retryMs?: number;
  maxRetryMs?: number;
  /** How long `finish` keeps retrying what is still waiting (default 30 s). */
  finishWaitMs?: number;
  onProblem?(what: string, err: unknown): void;
}

interface Segment {
  seq: number;
  bytes: Uint8Array;
}

const SAMPLE_BYTES = 2;
const BYTES_PER_MS = 16;

export const segmentKey = (partsPrefix: string, seq: number) =>
  `${partsPrefix}${String(seq).padStart(6, '0')}`;

/**
 * Writes segments `0..count-1` (null: silence of `silenceBytes`) behind the WAV header to
 * `key`, as one object. Bun's writer cuts it into 5 MiB parts itself; a flush in between
 * would upload a part under S3's minimum.
 */
export async function mergeSegments(
  client: S3Client,
  key: string,
  segments: ReadonlyArray<{ key: string } | { silenceBytes: number }>,
  totalBytes: number,
): Promise<void> {
  const writer = client.file(key).writer({ type: 'audio/wav', partSize: 5 * 1024 * 1024 });
  writer.write(wavHeader(totalBytes / SAMPLE_BYTES));
  for (const s of segments) {
    writer.write('key' in s ? await client.file(s.key).bytes() : new Uint8Array(s.silenceBytes));
  }
  await writer.end();
}

export function createSegmentedRecording(o: SegmentedOptions): RecordingFile {
  const segmentBytes = o.segmentBytes ?? 160_000;
  const maxPending = o.maxPendingBytes ?? 2 * 1024 * 1024;
  const retryMs = o.retryMs ?? 500;
  const maxRetryMs = o.maxRetryMs ?? 10_000;
  const partKey = (seq: number) => segmentKey(o.partsPrefix, seq);
  let buf = new Uint8Array(segmentBytes);
  let fill = 0;
  let seq = 0;
  const waiting: Segment[] = [];
  let waitingBytes = 0;
  /** seq → length: what is in the bucket, and what was dropped (silence in the merge). */
  const stored = new Map<number, number>();
  const dropped = new Map<number, number>();
  let pumping = false;
  let delay = retryMs;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let wake: (() => void) | null = null;
  let closed = false;

  const release = (n: number) => {
    waitingBytes -= n;
    o.budget.used -= n;
  };

  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      while (waiting.length > 0 && !closed) {
        const next = waiting[0] as Segment;
        try {
          await o.client.write(partKey(next.seq), next.bytes);
        } catch (err) {
          o.onProblem?.('segment upload failed, retrying', err);
          retryTimer = setTimeout(() => {
            retryTimer = undefined;
            void pump();
          }, delay);
          delay = Math.min(delay * 2, maxRetryMs);
          return;
        }
        delay = retryMs;
        waiting.shift();
        stored.set(next.seq, next.bytes.length);
        release(next.bytes.length);
      }
    } finally {
      pumping = false;
      if (waiting.length === 0) wake?.();
    }
  }

  function cut(): void {
    if (fill === 0) return;
    const bytes = fill === buf.length ? buf : buf.slice(0, fill);
    const n = bytes.length;
    const s = seq++;
    if (waitingBytes + n > maxPending || o.budget.used + n > o.budget.max) {
      dropped.set(s, n);
      o.onProblem?.('storage backlog full, a segment dropped', null);
    } else {
      waiting.push({ seq: s, bytes });
      waitingBytes += n;
      o.budget.used += n;
      if (retryTimer === undefined) void pump(); // else the scheduled retry takes it too
    }
    if (bytes === buf) buf = new Uint8Array(segmentBytes);
    fill = 0;
  }

  function write(pcm: Uint8Array): void {
    if (closed) return;
    let at = 0;
    while (at < pcm.length) {
      const n = Math.min(pcm.length - at, buf.length - fill);
      buf.set(pcm.subarray(at, at + n), fill);
      fill += n;
      at += n;
      if (fill === buf.length) cut();
    }
  }

  /** Resolves once nothing waits, or after `ms` (what still waits is then dropped). */
  async function drain(ms: number): Promise<void> {
    if (waiting.length === 0) return;
    const deadline = setTimeout(() => wake?.(), ms);
    // Retry at once rather than after the current backoff: the call is over, time is short.
    clearTimeout(retryTimer);
    retryTimer = undefined;
    delay = retryMs;
    await new Promise<void>((resolve) => {
      wake = resolve;
      void pump();
    });
    clearTimeout(deadline);
    wake = null;
  }

  function merge(totalBytes: number): Promise<void> {
    const segments = Array.from({ length: seq }, (_, s) => {
      const missing = dropped.get(s);
      return missing === undefined ? { key: partKey(s) } : { silenceBytes: missing };
    });
    return mergeSegments(o.client, o.key, segments, totalBytes);
  }

  async function removeParts(): Promise<void> {
    await Promise.all(
      [...stored.keys()].map((s) =>
        o.client
          .file(partKey(s))
          .delete()
          .catch(() => {}),
      ),
    );
  }

  function stop(): void {
    closed = true;
    clearTimeout(retryTimer);
    retryTimer = undefined;
    for (const seg of waiting.splice(0)) {
      dropped.set(seg.seq, seg.bytes.length);
      release(seg.bytes.length);
    }
  }

  return {
    path: o.path,
    write,
    async finish(samples) {
      cut();
      await drain(o.finishWaitMs ?? 30_000);
      stop();
      if (stored.size === 0) throw new Error('recording lost: no segment reached the storage');
      let total = 0;
      for (let s = 0; s < seq; s++) total += stored.get(s) ?? dropped.get(s) ?? 0;
      if (total !== samples * SAMPLE_BYTES) {
        o.onProblem?.('recorded length differs from the samples written', { total, samples });
      }
      let missing = 0;
      for (const n of dropped.values()) missing += n;
      try {
        await merge(total);
      } catch (err) {
        o.onProblem?.('merging the segments failed', err);
        throw new Error('recording lost: the segments could not be merged');
      }
      await removeParts();
      return { sizeBytes: 44 + total, missingMs: Math.round(missing / BYTES_PER_MS) };
    },
    async abort() {
      stop();
      await removeParts();
      await o.client
        .file(o.key)
        .delete()
        .catch(() => {});
    },
  };
}
