/**
 * The per-call parts a session builds on `start`, kept out of call-session.ts so the session
 * reads as the pipeline: the call's identity for the records, the pacer (with the recording
 * tapped on what is actually sent), the keyed-digit collector and the hang-up logic. Timers
 * and callbacks are wrapped in `guard`, so a bug in one of them ends that call only.
 */
import { type CallEnding, createCallEnding } from './call-ending.ts';
import type { CallBegin } from './call-services.ts';
import type { CallLog, CallSessionDeps, Timers, TwilioPort } from './call-session-types.ts';
import type { CallContext } from './call-token.ts';
import { createDtmfCollector, type DtmfCollector } from './dtmf.ts';
import type { CallStart } from './events.ts';
import { createPacer, type Pacer } from './pacer.ts';
import type { CallRecorder } from './recording/recorder.ts';
import type { TurnMachine } from './turn-machine.ts';

export function callBegin(ev: CallStart, ctx: CallContext, answeredAt: Date): CallBegin {
  return {
    callId: ctx.callId,
    callSid: ev.callSid,
    businessId: ctx.businessId,
    businessName: ctx.businessName,
    from: ctx.from,
    to: ctx.to,
    startedAt: new Date(ctx.receivedAt),
    answeredAt,
  };
}

export interface CallPartsOptions {
  twilio: TwilioPort;
  ev: CallStart;
  deps: CallSessionDeps;
  log: CallLog;
  now(): number;
  timers: Timers;
  guard(fn: () => void): void;
  machine: TurnMachine;
  recorder(): CallRecorder | null;
  /** The pacer sent bytes `[end - bytes, end)`, to play from `playsAt` (the playback clock). */
  sent(end: number, bytes: number, playsAt: number, frame: Uint8Array): void;
  /** A response is in progress (or asked for) upstream. */
  responding(): boolean;
  onDigits(digits: string): void;
  /** A key of the business's keypad menu (a one-key entry acts sooner). */
  menuKey?(digit: string): boolean;
  end(reason: string, code: number): void;
}

export interface CallParts {
  pacer: Pacer;
  dtmf: DtmfCollector;
  ending: CallEnding;
}

export function createCallParts(o: CallPartsOptions): CallParts {
  const guarded = (t: Timers): Timers => ({
    setTimeout: (fn, ms) => t.setTimeout(() => o.guard(fn), ms),
    clearTimeout: (h) => t.clearTimeout(h),
  });
  const pacer = createPacer(
    {
      send: (text) => o.twilio.send(text),
      now: o.now,
      timers: guarded(o.deps.pacerTimers ?? o.timers),
      logger: o.log,
      sent: (frame, length, playsAt) => {
        o.recorder()?.assistant(frame, length, playsAt);
        o.sent(pacer.stats.sentBytes, length, playsAt, frame);
      },
    },
    { streamSid: o.ev.streamSid, ...o.deps.pacer },
  );
  const dtmf = createDtmfCollector({
    idleMs: o.deps.dtmfIdleMs,
    timers: guarded(o.timers),
    onEntry: o.onDigits,
    menuKey: o.menuKey,
  });
  const ending = createCallEnding({
    callSid: o.ev.callSid,
    control: o.deps.control,
    timers: guarded(o.timers),
    goodbyeTimeoutMs: o.deps.goodbyeTimeoutMs,
    log: o.log,
    // Nothing more will be heard: no response coming, nothing queued, every mark echoed.
    played: () => {
      const t = o.machine.stats;
      return (
        !o.responding() &&
        pacer.stats.queuedBytes === 0 &&
        pacer.leadMs() === 0 &&
        t.playedBytes >= t.enqueuedBytes
      );
    },
    end: (reason, code) => o.guard(() => o.end(reason, code)),
  });
  return { pacer, dtmf, ending };
}
