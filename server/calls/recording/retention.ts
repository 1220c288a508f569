/**
 * Recording retention: recordings older than N days are deleted with their references
 * (the call_recordings row; the call and its transcript stay). Rows go first, in the
 * caller's transaction, then the files: a crash in between leaves only orphan files, which
 * nothing serves, never a reference to a missing file that looks present. Idempotent.
 */
import { and, eq, lt } from 'drizzle-orm';
import { callRecordings } from '../../../db/schema';
import type { Tx } from '../../db/database';
import type { JobHandler } from '../../jobs/runner';
import type { RecordingStore } from './store.ts';

export const DEFAULT_RETENTION_DAYS = 7;

/** Deletes the recordings created before `olderThan` (of one business, or all in the system scope). */
export async function deleteOldRecordings(
  tx: Tx,
  store: RecordingStore,
  olderThan: Date,
  businessId?: string,
): Promise<number> {
  const old = lt(callRecordings.createdAt, olderThan);
  const gone = await tx
    .delete(callRecordings)
    .where(businessId ? and(old, eq(callRecordings.businessId, businessId)) : old)
    .returning({ path: callRecordings.path });
  for (const { path } of gone) await store.remove(path);
  return gone.length;
}

/** The daily job's handler (system scope): `dailyJob(RECORDING_RETENTION_JOB, handler, …)`. */
export function recordingRetentionHandler(deps: { store: RecordingStore; days?: number }): JobHandler {
  const days = deps.days ?? DEFAULT_RETENTION_DAYS;
  return async (tx, _job, now) => {
    await deleteOldRecordings(tx, deps.store, new Date(now.getTime() - days * 86_400_000));
  };
}
