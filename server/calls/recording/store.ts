/**
 * Where call recordings live, behind one port: WAV files at `<businessId>/<callId>.wav`
 * under a root — a local directory (the embedded default, one machine) or an S3-compatible
 * bucket and prefix (`s3-store.ts`, several machines). The database keeps the reference
 * (call_recordings.path, relative to the root), so moving the root moves nothing there.
 *
 * Not bytea: a recording is 16 KB per second (58 MB for an hour), by far the bulk of the
 * data; a file or an object streams to the browser without passing through the connection
 * pool, the database and its backups stay small, and retention frees space at once. The cost
 * is a second place to keep in step: retention deletes the row and then the object, and an
 * object without a row is only ever an orphan, never exposed.
 */
import { mkdir, open, rm } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import { isUuid } from '../../lib/ids';
import type { RecordingSink } from './recorder.ts';
import { WAV_HEADER_BYTES, wavHeader } from './wav.ts';

export interface FinishedRecording {
  sizeBytes: number;
  /** Audio that could not be stored (written as silence, so the rest stays in time). */
  missingMs: number;
}

export interface RecordingFile extends RecordingSink {
  /** Relative to the store's root. */
  readonly path: string;
  /** Completes the WAV (header with the final length). Rejects when the recording is lost. */
  finish(samples: number): Promise<FinishedRecording>;
  /** Stops and deletes an unfinished recording. */
  abort(): Promise<void>;
}

/** A stored recording, for serving: its size and its bytes (a range of them) as a response body. */
export interface StoredRecording {
  readonly size: number;
  /** Bytes [start, end] inclusive; the whole recording without a range. */
  body(range?: { start: number; end: number }): Blob | ReadableStream<Uint8Array>;
}

export interface RecordingStore {
  /** For logs and errors: the directory or `s3://bucket/prefix` (never a credential). */
  readonly where: string;
  create(businessId: string, callId: string): Promise<RecordingFile>;
  /** The recording at a stored path; null when the path is not one of ours or nothing is there. */
  open(path: string): Promise<StoredRecording | null>;
  /** Deletes a recording; one already gone is fine. */
  remove(path: string): Promise<void>;
  /** Proves the store can be written (at start): rejects with the reason in one line. */
  check(): Promise<void>;
  /**
   * Recordings whose writer died mid-call (a crash) and has been silent for `idleMs`: their
   * stored segments are merged into the finished recording and returned, for the caller to
   * give them their rows. Only stores that write in segments have it.
   */
  recoverAbandoned?(idleMs: number, now: Date): Promise<RecoveredRecording[]>;
}

export interface RecoveredRecording extends FinishedRecording {
  businessId: string;
  callId: string;
  path: string;
  durationMs: number;
}

export function recordingPath(businessId: string, callId: string): string {
  if (!isUuid(businessId) || !isUuid(callId)) throw new Error('recordingPath: ids must be uuids');
  return `${businessId}/${callId}.wav`;
}

const STORED_PATH = /^[0-9a-f-]{36}\/[0-9a-f-]{36}\.wav$/;

/** A stored path as written by `recordingPath` (anything else is refused before any I/O). */
export const isStoredPath = (path: string) => STORED_PATH.test(path);

/** Recordings as files under `root` (created on first use). */
export function createRecordingStore(root: string): RecordingStore {
  const full = (path: string) => {
    const resolved = normalize(join(root, path));
    if (!isStoredPath(path) || !resolved.startsWith(normalize(root))) return null;
    return resolved;
  };
  return {
    where: root,
    async create(businessId, callId) {
      const path = recordingPath(businessId, callId);
      await mkdir(join(root, businessId), { recursive: true });
      const target = join(root, path);
      const writer = Bun.file(target).writer({ highWaterMark: 64 * 1024 });
      let failed = false;
      const guard = (fn: () => void) => {
        if (failed) return;
        try {
          fn();
        } catch {
          failed = true;
        }
      };
      guard(() => writer.write(wavHeader(0))); // rewritten with the real length at the end
      return {
        path,
        write: (pcm) => guard(() => writer.write(pcm)),
        async finish(samples) {
          await writer.end();
          if (failed) throw new Error('recording write failed');
          const handle = await open(target, 'r+');
          try {
            await handle.write(wavHeader(samples), 0, WAV_HEADER_BYTES, 0);
          } finally {
            await handle.close();
          }
          return { sizeBytes: WAV_HEADER_BYTES + samples * 2, missingMs: 0 };
        },
        async abort() {
          failed = true;
          try {
            await writer.end();
          } catch {}
          await rm(target, { force: true });
        },
      };
    },
    async open(path) {
      const resolved = full(path);
      if (resolved === null) return null;
      const file = Bun.file(resolved);
      if (!(await file.exists())) return null;
      return {
        size: file.size,
        body: (range) => (range ? file.slice(range.start, range.end + 1) : file),
      };
    },
    async remove(path) {
      const resolved = full(path);
      if (resolved !== null) await rm(resolved, { force: true });
    },
    async check() {
      const probe = join(root, `.write-check-${process.pid}`);
      try {
        await mkdir(root, { recursive: true });
        await Bun.write(probe, 'ok');
        await rm(probe, { force: true });
      } catch (err) {
        const code = (err as { code?: string }).code ?? String(err);
        throw new Error(`${root} is not writable by this process (${code})`);
      }
    },
  };
}
