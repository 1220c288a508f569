/**
 * The post-call analysis as a durable job: enqueued in the transaction that completes the
 * call (so a call whose end was written always gets one, and a rolled-back end none), run
 * detached (the model is reached outside any transaction). The call's `analysis_status`
 * says where it is: `pending` until the model answered — through every retry while the
 * model is unreachable —, `done` with the validated answer copied onto the row, or
 * `failed` with the reason (a refusal, an answer that is not the schema, or every attempt
 * spent). Nothing is ever filled in that the model did not say.
 */
import { and, eq } from 'drizzle-orm';
import { businesses, calls } from '../../../db/schema';
import type { Database, Tx } from '../../db/database';
import type { JobRow } from '../../jobs/claim';
import { enqueueJob } from '../../jobs/queue';
import type { DetachedJob } from '../../jobs/runner';
import type { Logger } from '../../lib/logger';
import type { CallAnalyzer } from './analyzer';
import { transcriptForModel } from './answer';

export const CALL_ANALYSIS_JOB = 'calls.analysis';

/** Up to ~40 minutes of retries at the default backoff (10 s, 20 s, … capped at an hour). */
const MAX_ATTEMPTS = 8;

/** Counted once per outcome; read by the logs' readers and the tests. */
export interface AnalysisStats {
  done: number;
  /** The model answered, but refused or not in the schema. */
  invalid: number;
  /** Attempts that could not reach the model (retried). */
  unreachable: number;
  /** Calls given up on after every attempt failed to reach the model. */
  gaveUp: number;
}

/** In the call's own transaction: marks it pending and queues its analysis (once per call). */
export async function enqueueCallAnalysis(tx: Tx, businessId: string, callId: string): Promise<void> {
  await tx.update(calls).set({ analysisStatus: 'pending', analysisError: null }).where(eq(calls.id, callId));
  await enqueueJob(tx, {
    kind: CALL_ANALYSIS_JOB,
    businessId,
    payload: { callId },
    uniqueKey: `call-analysis:${callId}`,
    maxAttempts: MAX_ATTEMPTS,
  });
}

async function setFailed(db: Database, job: JobRow, callId: string, reason: string) {
  await db.withTenant(job.businessId as string, (tx) =>
    tx
      .update(calls)
      .set({ analysisStatus: 'failed', analysisError: reason.slice(0, 300) })
      .where(and(eq(calls.id, callId), eq(calls.analysisStatus, 'pending'))),
  );
}

export function callAnalysisJob(deps: {
  db: Database;
  analyzer: CallAnalyzer;
  log: Logger;
  now?: () => Date;
}): DetachedJob & { stats: AnalysisStats } {
  const stats: AnalysisStats = { done: 0, invalid: 0, unreachable: 0, gaveUp: 0 };
  const now = deps.now ?? (() => new Date());
  return {
    stats,
    async detached(job) {
      const callId = typeof job.payload.callId === 'string' ? job.payload.callId : null;
      if (!callId || !job.businessId) throw new Error('call analysis job without a call id or business');
      const businessId = job.businessId;
      const row = await deps.db.withTenant(businessId, async (tx) => {
        const [call] = await tx
          .select({ status: calls.analysisStatus, transcript: calls.transcript, business: businesses.name })
          .from(calls)
          .innerJoin(businesses, eq(businesses.id, calls.businessId))
          .where(eq(calls.id, callId));
        return call;
      });
      // Deleted since, or already analysed by an earlier run whose "done" was lost.
      if (row?.status !== 'pending') return;
      const transcript = transcriptForModel(row.transcript);
      if (!transcript) {
        await deps.db.withTenant(businessId, (tx) =>
          tx.update(calls).set({ analysisStatus: null }).where(eq(calls.id, callId)),
        );
        return;
      }
      let result: Awaited<ReturnType<CallAnalyzer['analyze']>>;
      try {
        result = await deps.analyzer.analyze({ transcript, businessName: row.business, channel: 'voice' });
      } catch (err) {
        stats.unreachable++;
        const message = err instanceof Error ? err.message : String(err);
        if (job.attempts >= job.maxAttempts) {
          stats.gaveUp++;
          deps.log.error(
            { callId, attempts: job.attempts, err: message },
            'call analysis: model unreachable, given up',
          );
          await setFailed(
            deps.db,
            job,
            callId,
            `the model could not be reached after ${job.attempts} attempts: ${message}`,
          );
          return;
        }
        deps.log.warn(
          { callId, attempt: job.attempts, err: message },
          'call analysis: model unreachable, retried later',
        );
        throw err;
      }
      if (result.kind === 'invalid') {
        stats.invalid++;
        deps.log.warn({ callId, reason: result.reason }, 'call analysis: the model gave no valid answer');
        await setFailed(deps.db, job, callId, result.reason);
        return;
      }
      const a = result.answer;
      await deps.db.withTenant(businessId, (tx) =>
        tx
          .update(calls)
          .set({
            analysisStatus: 'done',
            analysisError: null,
            analysis: { ...a, model: result.model, analyzedAt: now().toISOString() },
            outcome: a.outcome,
            summary: a.summary,
          })
          .where(and(eq(calls.id, callId), eq(calls.analysisStatus, 'pending'))),
      );
      stats.done++;
      deps.log.info({ callId, outcome: a.outcome }, 'call analysed');
    },
  };
}
