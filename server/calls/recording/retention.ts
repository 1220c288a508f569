/**
 * Recording retention: recordings older than N days are deleted with their references
 * (the call_recordings row; the call and its transcript stay). Rows go first, in the
 * caller's transaction, then the files: a crash in between leaves only orphan files, which
 * nothing serves, never a reference to a missing file that looks present. Idempotent.
 */
import { and, eq, inArray, isNotNull, lt, notInArray, type SQL } from 'drizzle-orm';
import { callRecordings, callSettings, calls } from '../../../db/schema';
import type { Tx } from '../../db/database';
import type { JobHandler } from '../../jobs/runner';
import type { RecordingStore, RecoveredRecording } from './store.ts';

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
  const gone = await tx
    .delete(callRecordings)
    .where(where)
    .returning({ path: callRecordings.path, callId: callRecordings.callId });
  // The call stays; its page says the recording was deleted, and when.
  if (gone.length > 0)
    await tx
      .update(calls)
      .set({ recordingDeletedAt: new Date() })
      .where(
        inArray(
          calls.id,
          gone.map((g) => g.callId),
        ),
      );
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

/**
 * A writer silent this long is dead: a live call uploads a segment every 10 s, and a call
 * records at most 2 hours (the recorder's limit), so nothing alive is this quiet.
 */
export const ABANDONED_AFTER_MS = 6 * 3600_000;

/**
 * Gives the recordings of calls whose process died mid-call (merged by the store from their
 * segments) their rows, so a crash loses the seconds in hand, not the call. A call row that
 * never made it to the database gets none (its object stays an orphan, never served).
 */
export async function adoptRecovered(tx: Tx, recovered: readonly RecoveredRecording[]): Promise<number> {
  if (recovered.length === 0) return 0;
  const known = await tx
    .select({ id: calls.id })
    .from(calls)
    .where(
      inArray(
        calls.id,
        recovered.map((r) => r.callId),
      ),
    );
  const ids = new Set(known.map((k) => k.id));
  const rows = recovered
    .filter((r) => ids.has(r.callId))
    .map((r) => ({
      businessId: r.businessId,
      callId: r.callId,
      path: r.path,
      sizeBytes: r.sizeBytes,
      durationMs: r.durationMs,
      status: r.missingMs > 0 ? ('partial' as const) : ('complete' as const),
      missingMs: r.missingMs,
    }));
  if (rows.length === 0) return 0;
  const inserted = await tx
    .insert(callRecordings)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: callRecordings.id });
  return inserted.length;
}

/** The daily job's handler (system scope): `dailyJob(RECORDING_RETENTION_JOB, handler, …)`. */
export function recordingRetentionHandler(deps: {
  store: RecordingStore;
  days?: number;
  abandonedAfterMs?: number;
}): JobHandler {
  const days = deps.days ?? DEFAULT_RETENTION_DAYS;
  return async (tx, _job, now) => {
    const recovered = await deps.store.recoverAbandoned?.(deps.abandonedAfterMs ?? ABANDONED_AFTER_MS, now);
    await adoptRecovered(tx, recovered ?? []);
    await applyRetention(tx, deps.store, now, days);
  };
}
