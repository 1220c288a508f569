/**
 * Where call recordings live: WAV files under one root (DATA_DIR/recordings), at
 * `<businessId>/<callId>.wav`. The database keeps the reference (call_recordings.path,
 * relative to the root), so moving the root moves nothing in the database.
 *
 * Files rather than bytea: a recording is 16 KB per second (58 MB for an hour), by far the
 * bulk of the data; on disk it streams to the browser without passing through memory or the
 * connection pool, the database and its backups stay small, and retention frees space at
 * once (no VACUUM). The cost is a second place to keep in step: the retention job deletes
 * the row and then the file, and a file without a row is only ever an orphan, never exposed.
 */
import { mkdir, open, rm } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import type { BunFile } from 'bun';
import { isUuid } from '../../lib/ids';
import type { RecordingSink } from './recorder.ts';
import { WAV_HEADER_BYTES, wavHeader } from './wav.ts';

export interface RecordingFile extends RecordingSink {
  /** Relative to the store's root. */
  readonly path: string;
  /** Completes the WAV (header with the final length) and closes it; resolves its size in bytes. */
  finish(samples: number): Promise<number>;
  /** Closes and deletes an unfinished file. */
  abort(): Promise<void>;
  /** Set once a write failed: the recording is lost, the call goes on. */
  readonly failed: boolean;
}

export interface RecordingStore {
  readonly root: string;
  create(businessId: string, callId: string): Promise<RecordingFile>;
  /** The file at a stored path, or null when the path is not one of ours. */
  file(path: string): BunFile | null;
  /** Deletes a recording's file; a file already gone is fine. */
  remove(path: string): Promise<void>;
}

export function recordingPath(businessId: string, callId: string): string {
  if (!isUuid(businessId) || !isUuid(callId)) throw new Error('recordingPath: ids must be uuids');
  return `${businessId}/${callId}.wav`;
}

const STORED_PATH = /^[0-9a-f-]{36}\/[0-9a-f-]{36}\.wav$/;

export function createRecordingStore(root: string): RecordingStore {
  const full = (path: string) => {
    const resolved = normalize(join(root, path));
    if (!STORED_PATH.test(path) || !resolved.startsWith(normalize(root))) return null;
    return resolved;
  };
  return {
    root,
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
          return WAV_HEADER_BYTES + samples * 2;
        },
        async abort() {
          failed = true;
          try {
            await writer.end();
          } catch {}
          await rm(target, { force: true });
        },
        get failed() {
          return failed;
        },
      };
    },
    file(path) {
      const resolved = full(path);
      return resolved === null ? null : Bun.file(resolved);
    },
    async remove(path) {
      const resolved = full(path);
      if (resolved !== null) await rm(resolved, { force: true });
    },
  };
}
