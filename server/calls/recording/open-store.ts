/**
 * The recording store the configuration names: files under a directory (the default, one
 * machine) or an S3-compatible bucket. Storage trouble during calls is logged by its code
 * and message only: Bun's S3 errors carry no credential, and nothing here adds one.
 */
import type { RecordingsConfig } from '../../config';
import type { Logger } from '../../lib/logger';
import { createS3RecordingStore } from './s3-store.ts';
import { createRecordingStore, type RecordingStore } from './store.ts';

export function recordingStoreFor(config: RecordingsConfig, log?: Logger): RecordingStore {
  if (config.kind === 'local') return createRecordingStore(config.dir);
  const warn = log?.child({ component: 'recordings' });
  return createS3RecordingStore(config, {
    onProblem(what, err) {
      const e = err as { code?: string; message?: string } | null;
      warn?.warn({ code: e?.code, reason: e?.message }, `recording storage: ${what}`);
    },
  });
}
