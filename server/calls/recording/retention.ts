/**
 * Recording retention: recordings older than N days are deleted with their references
 * (the call_recordings row; the call and its transcript stay). Rows go first, in the
 * caller's transaction, then the files: a crash in between leaves only orphan files, which
 * nothing serves, never a reference to a missing file that looks present. Idempotent.
 */
import { and, eq, isNotNull, lt, notInArray, type SQL } from 'drizzle-orm';
import { callRecordings, callSettings } from '../../../db/schema';
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
  return deleteWhere(tx, store, businessId ? and(old, eq(callRecordings.businessId, businessId)) : old);
}

/** Rows first, then files (see the top of this file). */
async function deleteWhere(tx: Tx, store: RecordingStore, where: SQL | undefined): Promise<number> {
  const gone = await tx.delete(callRecordings).where(where).returning({ path: callRecordings.path });
  for (const { path } of gone) await store.remove(path);
  return gone.length;
}

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000);

/**
 * Applies every business's retention period (call_settings.recording_retention_days, or
 * `defaultDays` where it is not set) in the system scope. Returns how many were deleted.
 */
export async function applyRetention(
  tx: Tx,
  store: RecordingStore,
  now: Date,
  defaultDays: number,
): Promise<number> {
  const custom = await tx
    .select({ businessId: callSettings.businessId, days: callSettings.recordingRetentionDays })
    .from(callSettings)
    .where(isNotNull(callSettings.recordingRetentionDays));
  let deleted = 0;
  for (const { businessId, days } of custom) {
    deleted += await deleteOldRecordings(tx, store, daysBefore(now, days ?? defaultDays), businessId);
  }
  const others = lt(callRecordings.createdAt, daysBefore(now, defaultDays));
  const rest = custom.length
    ? and(
        others,
        notInArray(
          callRecordings.businessId,
          custom.map((c) => c.businessId),
        ),
      )
    : others;
  return deleted + (await deleteWhere(tx, store, rest));
}

/** The daily job's handler (system scope): `dailyJob(RECORDING_RETENTION_JOB, handler, …)`. */
export function recordingRetentionHandler(deps: { store: RecordingStore; days?: number }): JobHandler {
  const days = deps.days ?? DEFAULT_RETENTION_DAYS;
  return async (tx, _job, now) => {
    await applyRetention(tx, deps.store, now, days);
  };
}
