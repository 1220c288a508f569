/**
 * The end of a call's bookkeeping: once the audio side is closed, the call's row, its
 * recording and the caller's memory are written through `CallServices.finish`. A very short
 * call may end before its plan (the business's session, the recording file) loaded: the
 * record waits for it, and a recording file opened too late is deleted.
 */
import type { CallBegin, CallPlan, CallServices } from './call-services.ts';
import type { CallLog, CallSummary } from './call-session-types.ts';
import type { CallRecorder } from './recording/recorder.ts';
import type { Transcript } from './transcript.ts';

export interface FinishedCall {
  call: CallBegin;
  plan: Promise<CallPlan>;
  /** Null when the plan loaded after the call ended (nothing was recorded). */
  recorder: CallRecorder | null;
  transcript: Transcript | null;
  summary: CallSummary;
  /** Ms from the stream's start to the hang-up. */
  durationMs: number;
  endedAt: Date;
}

/** Never throws. */
export async function writeCallRecord(services: CallServices, log: CallLog, f: FinishedCall): Promise<void> {
  try {
    const plan = await f.plan;
    if (plan.recording && !f.recorder) await plan.recording.abort();
    const { malformedByReason, reason, code: _code, durationMs: _wall, ...numbers } = f.summary;
    await services.finish({
      callId: f.call.callId,
      businessId: f.call.businessId,
      begin: f.call,
      endedAt: f.endedAt,
      endReason: reason,
      durationMs: f.durationMs,
      transcript: f.transcript?.turns ?? [],
      counters: { ...numbers, malformedByReason },
      recordFailed: plan.recordFailed,
      resumed: f.call.resumed ? { answeredAt: f.call.answeredAt } : undefined,
      recording:
        plan.recording && f.recorder ? { file: plan.recording, samples: f.recorder.stats.samples } : null,
    });
  } catch (err) {
    log.warn({ err: String(err) }, 'call: record not written');
  }
}
