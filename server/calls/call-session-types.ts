/** The ports, options and counters of one call session (see call-session.ts). */
import type { VadParams } from './audio/vad.ts';
import type { CallTokens } from './call-token.ts';
import type { FunctionCall } from './events.ts';
import type { InstructionsFor } from './instructions.ts';
import type { PacerOptions, PacerStats } from './pacer.ts';
import type { SessionConfig } from './realtime-codec.ts';
import type { SpeechTrackerOptions } from './speech-tracker.ts';
import type { TurnStats } from './turn-machine.ts';
import type { UpstreamOptions, UpstreamStats } from './upstream.ts';

/** Twilio's side of the call: Bun `ServerWebSocket` semantics (`send` → bytes, -1 backpressure, 0 dropped). */
export interface TwilioPort {
  send(text: string): number;
  close(code: number, reason: string): void;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Logger port: pino's shape, narrowed to what a call uses. */
export interface CallLog {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  child(bindings: Record<string, unknown>): CallLog;
}

/** Measurement hooks for the benchmark; absent in production. */
export interface CallProbe {
  /** Nanoseconds spent handling one caller frame (relay upstream + analysis). */
  inbound(ns: number): void;
  /** Nanoseconds spent handling one assistant audio delta (parse, machine, enqueue, sends). */
  outbound(ns: number): void;
}

export interface CallSessionDeps {
  tokens: CallTokens;
  realtime: { url: string; model: string; voice: string; apiKey: string };
  instructionsFor: InstructionsFor;
  log: CallLog;
  /** Seam for the assistant's brain (issue 4): a tool call's output (JSON text). */
  onFunctionCall?(call: FunctionCall): string | undefined;
  /** A valid `start` must arrive within this long of the socket opening (default 5000). */
  startTimeoutMs?: number;
  upstream?: Partial<Pick<UpstreamOptions, 'connectTimeoutMs' | 'attempts' | 'backoffMs' | 'openSocket'>>;
  /** Upstream server-VAD tuning (end of turn). */
  upstreamVad?: SessionConfig['vad'];
  vad?: Partial<VadParams>;
  speech?: SpeechTrackerOptions;
  pacer?: Omit<PacerOptions, 'streamSid'>;
  /** After the last assistant audio played, the VAD keeps its higher bar this long (line echo). */
  echoTailMs?: number;
  now?: () => number;
  timers?: Timers;
  /** The pacer's timers (the benchmark wraps them to measure lateness). */
  pacerTimers?: Timers;
  probe?: CallProbe;
  onEnd?(summary: CallSummary): void;
}

export interface CallCounters {
  messagesIn: number;
  framesIn: number;
  malformed: number;
  malformedByReason: Record<string, number>;
  dtmf: number;
  upstreamMalformed: number;
  upstreamErrors: number;
}

export function newCounters(): CallCounters {
  return {
    messagesIn: 0,
    framesIn: 0,
    malformed: 0,
    malformedByReason: {},
    dtmf: 0,
    upstreamMalformed: 0,
    upstreamErrors: 0,
  };
}

/** Logged once when a call ends, and handed to `onEnd`. */
export interface CallSummary extends CallCounters {
  reason: string;
  code: number;
  durationMs: number;
  framesOut: number;
  marksSent: number;
  droppedSends: number;
  backpressureWaits: number;
  upstreamAttempts: number;
  upstreamDropped: number;
  bargeIns: number;
  truncates: number;
  deletes: number;
  cancels: number;
  blipsResumed: number;
  lateDeltasDropped: number;
}

/** The end-of-call record from the session's counters and its parts' stats (absent before `start`). */
export function summariseCall(
  reason: string,
  code: number,
  durationMs: number,
  counters: CallCounters,
  parts: { pacer?: Readonly<PacerStats>; upstream?: Readonly<UpstreamStats>; turn?: Readonly<TurnStats> },
): CallSummary {
  const { pacer, upstream, turn } = parts;
  return {
    reason,
    code,
    durationMs,
    ...counters,
    malformedByReason: { ...counters.malformedByReason },
    framesOut: pacer?.framesSent ?? 0,
    marksSent: pacer?.marksSent ?? 0,
    droppedSends: pacer?.droppedSends ?? 0,
    backpressureWaits: pacer?.backpressureWaits ?? 0,
    upstreamAttempts: upstream?.attempts ?? 0,
    upstreamDropped: upstream?.dropped ?? 0,
    bargeIns: turn?.interruptions ?? 0,
    truncates: turn?.truncatesSent ?? 0,
    deletes: turn?.deletesSent ?? 0,
    cancels: turn?.cancelsSent ?? 0,
    blipsResumed: turn?.blipsResumed ?? 0,
    lateDeltasDropped: turn?.lateDeltasDropped ?? 0,
  };
}
