/** The ports, options and counters of one call session (see call-session.ts). */
import type { NeuralVad } from './audio/neural-vad.ts';
import type { VadParams } from './audio/vad.ts';
import type { CallControl } from './call-control.ts';
import type { CallServices } from './call-services.ts';
import type { LiveCalls } from './live/live-calls.ts';
import type { ModelTurnsStats } from './model-turns.ts';
import type { PacerOptions, PacerStats } from './pacer.ts';
import type { SessionConfig } from './realtime-codec.ts';
import type { SpeechTrackerOptions } from './speech-tracker.ts';
import type { CallTransfers } from './transfer/call-transfer.ts';
import type { TurnLatency } from './turn-latency.ts';
import type { TurnStats } from './turn-machine.ts';
import type { CallLog, CallProbe, Timers } from './types.ts';
import type { UpstreamOptions } from './upstream.ts';
import type { UpstreamLinkStats } from './upstream-link.ts';
import type { WarmSessions } from './warm/warm-sessions.ts';

export type { CallLog, CallProbe, Timers, TwilioPort } from './types.ts';

export interface CallSessionDeps {
  realtime: { url: string; model: string; apiKey: string };
  /** The business's session, tools, settings, records and recording (see call-services.ts). */
  services: CallServices;
  /** Upstream sessions opened on the voice webhook (warm start); absent: each call connects on `start`. */
  warm?: Pick<WarmSessions, 'adopt' | 'discard'>;
  /** Ending a call through Twilio's REST API; absent (demo, tests): closing the stream ends it. */
  control?: CallControl;
  /** Moving a call to a person (Twilio REST); absent: `transfer_to_human` is left on the lead. */
  transfers?: CallTransfers;
  log: CallLog;
  /** The calls in progress as open dashboards follow them (server/calls/live); absent: none. */
  live?: LiveCalls;
  /** A valid `start` must arrive within this long of the socket opening (default 5000). */
  startTimeoutMs?: number;
  upstream?: Partial<Pick<UpstreamOptions, 'connectTimeoutMs' | 'attempts' | 'backoffMs' | 'openSocket'>>;
  /** Upstream server-VAD tuning (end of turn). */
  upstreamVad?: SessionConfig['vad'];
  /** Deployment-wide VAD tuning under each business's own (call settings). */
  vad?: Partial<VadParams>;
  speech?: SpeechTrackerOptions;
  /** The process's batched neural VAD (Silero); absent: each call runs the energy VAD alone. */
  neuralVad?: NeuralVad | null;
  /** The turn machine's verdict window for an onset while the assistant is audible (ms). */
  verdictWindowMs?: number;
  pacer?: Omit<PacerOptions, 'streamSid'>;
  /** After the last assistant audio played, the VAD keeps its higher bar this long (line echo). */
  echoTailMs?: number;
  /** The Realtime service's maximum session length; a session is replaced before it (default 60 min). */
  sessionLimitMs?: number;
  /** Replacement sessions allowed after drops (default 5). */
  maxReconnects?: number;
  /** A keyed entry ends after this long without a key (default 2500 ms). */
  dtmfIdleMs?: number;
  /** After `end_call`, the goodbye gets at most this long to finish playing (default 15 s). */
  goodbyeTimeoutMs?: number;
  now?: () => number;
  /** Wall clock (Date.now) for the call record. */
  wallClock?: () => number;
  timers?: Timers;
  /** The pacer's timers (the benchmark wraps them to measure lateness). */
  pacerTimers?: Timers;
  probe?: CallProbe;
  /** The call is over (audio side); its record may still be being written. */
  onEnd?(summary: CallSummary): void;
  /** The call's record, recording and memory are written (or failed and were logged). */
  onSettled?(summary: CallSummary): void;
}

export interface CallCounters {
  messagesIn: number;
  framesIn: number;
  malformed: number;
  malformedByReason: Record<string, number>;
  dtmf: number;
  upstreamMalformed: number;
  upstreamErrors: number;
  /** The call row could not be written at the start (retried at the end). */
  recordFailures: number;
  /** 1 when the call adopted the session its webhook opened (warm start). */
  warmStart: number;
  /** Warm start: ms from the webhook to the stream's `start`, and to upstream's `session.updated` (-1: none). */
  webhookToStartMs: number;
  webhookToReadyMs: number;
  /** Ms from the stream's `start` to the first assistant frame sent (the greeting; -1: none). */
  firstAudioMs: number;
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
    recordFailures: 0,
    warmStart: 0,
    webhookToStartMs: -1,
    webhookToReadyMs: -1,
    firstAudioMs: -1,
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
  upstreamSessions: number;
  upstreamReconnects: number;
  upstreamRotations: number;
  toolCalls: number;
  toolFailures: number;
  dtmfEntries: number;
  recordedMs: number;
  bargeIns: number;
  truncates: number;
  deletes: number;
  cancels: number;
  blipsResumed: number;
  lateDeltasDropped: number;
  /**
   * Latency at the ear, per answered turn (by turn index): caller stopped → assistant heard,
   * and its shares: upstream (→ first audio received), relay (→ first frame sent), line (→ playing).
   */
  earTotalMs: Record<string, number>;
  earUpstreamMs: Record<string, number>;
  earRelayMs: Record<string, number>;
  earLineMs: Record<string, number>;
}

/** The end-of-call record from the session's counters and its parts' stats (absent before `start`). */
export function summariseCall(
  reason: string,
  code: number,
  durationMs: number,
  counters: CallCounters,
  parts: {
    pacer?: Readonly<PacerStats>;
    upstream?: Readonly<UpstreamLinkStats>;
    turn?: Readonly<TurnStats>;
    model?: Readonly<ModelTurnsStats>;
    recordedSamples?: number;
    ear?: readonly TurnLatency[];
  },
): CallSummary {
  const { pacer, upstream, turn, model } = parts;
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
    upstreamSessions: upstream?.sessions ?? 0,
    upstreamReconnects: upstream?.reconnects ?? 0,
    upstreamRotations: upstream?.rotations ?? 0,
    toolCalls: model?.toolCalls ?? 0,
    toolFailures: model?.toolFailures ?? 0,
    dtmfEntries: model?.dtmfEntries ?? 0,
    recordedMs: Math.round((parts.recordedSamples ?? 0) / 8),
    bargeIns: turn?.interruptions ?? 0,
    truncates: turn?.truncatesSent ?? 0,
    deletes: turn?.deletesSent ?? 0,
    cancels: turn?.cancelsSent ?? 0,
    blipsResumed: turn?.blipsResumed ?? 0,
    lateDeltasDropped: turn?.lateDeltasDropped ?? 0,
    ...earFigures(parts.ear ?? []),
  };
}

function earFigures(turns: readonly TurnLatency[]) {
  const by = (f: (t: TurnLatency) => number) => Object.fromEntries(turns.map((t, i) => [String(i), f(t)]));
  return {
    earTotalMs: by((t) => t.totalMs),
    earUpstreamMs: by((t) => t.upstreamMs),
    earRelayMs: by((t) => t.relayMs),
    earLineMs: by((t) => t.lineMs),
  };
}
