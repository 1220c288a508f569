/**
 * The end of a call, whatever ended it: every part is closed (keys flushed, playback and the
 * upstream stopped, Twilio's socket closed with the reason), the summary logged (a hang-up at
 * info, anything else at warn), and, for a call that went live, its record, transcript and
 * recording written before `settled` resolves. A stream that ended before `start` lets go of
 * the session its webhook opened.
 */
import { writeCallRecord } from './call-record-writer.ts';
import type { CallBegin, CallPlan } from './call-services.ts';
import { type CallCounters, type CallSessionDeps, summariseCall } from './call-session-types.ts';
import type { LiveCall } from './live-call.ts';
import type { TwilioPort } from './types.ts';
import type { WarmSession } from './warm/warm-sessions.ts';

export interface CallFinish {
  reason: string;
  code: number;
  wasLive: boolean;
  callSid: string;
  counters: CallCounters;
  /** Monotonic ms the socket opened. */
  openedAt: number;
  plan: Promise<CallPlan> | null;
  warmSession: WarmSession | null;
  /** Closes Twilio's socket if it is still open. */
  closeSocket: (code: number, reason: string) => void;
  settle: () => void;
}

export function finishCall(
  live: LiveCall,
  deps: Pick<CallSessionDeps, 'services' | 'warm' | 'onEnd' | 'onSettled'>,
  clocks: { now: () => number; wall: () => number },
  f: CallFinish,
): void {
  live.dtmf?.flush();
  live.ending?.cancel();
  live.inbound?.close();
  live.pacer?.close();
  live.conversation?.close();
  f.closeSocket(f.code, f.reason.slice(0, 120));
  const t = clocks.now();
  const { counters, warmSession } = f;
  if (warmSession?.readyAt != null)
    counters.webhookToReadyMs = Math.round(warmSession.readyAt - warmSession.preparedAt);
  live.recorder?.finish(t);
  const summary = summariseCall(f.reason, f.code, Math.round(t - f.openedAt), counters, {
    pacer: live.pacer?.stats,
    upstream: live.conversation?.stats,
    turn: live.machine?.stats,
    model: live.conversation?.modelStats,
    recordedSamples: live.recorder?.stats.samples,
    ear: live.ear?.turns,
  });
  // A hang-up is routine; anything else (refused start, upstream failure, 1009) is worth a look.
  if (f.code === 1000) live.log.info(summary, 'call ended');
  else live.log.warn(summary, 'call ended');
  deps.onEnd?.(summary);
  if (!f.wasLive) {
    deps.warm?.discard(f.callSid); // its stream ended before start: nobody will adopt it
    deps.onSettled?.(summary);
    f.settle();
    return;
  }
  void writeCallRecord(deps.services, live.log, {
    call: live.call as CallBegin,
    plan: f.plan as Promise<CallPlan>,
    recorder: live.recorder,
    transcript: live.conversation?.transcript ?? null,
    summary,
    durationMs: Math.round(t - live.answeredAt),
    endedAt: new Date(clocks.wall()),
  }).finally(() => {
    deps.onSettled?.(summary);
    f.settle();
  });
}

/** Twilio's side, closed at most once (it may already have closed itself). */
export function closableSocket(twilio: TwilioPort): {
  close: (code: number, reason: string) => void;
  closed: () => void;
} {
  let open = true;
  return {
    close(code, reason) {
      if (!open) return;
      open = false;
      try {
        twilio.close(code, reason);
      } catch {}
    },
    closed() {
      open = false;
    },
  };
}
