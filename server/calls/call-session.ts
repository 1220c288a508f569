/**
 * One phone call, from Twilio's `start` to hang-up: the relay between the Twilio media
 * stream and the Realtime service. Messages from each side are handled synchronously, in
 * arrival order (nothing on the audio path awaits), so per-connection order holds.
 *
 * The pipeline: Twilio frame → codec → caller audio upstream untouched + local analysis
 * (VAD → speech events) + the recording → turn machine; upstream frame → codec → turn machine
 * and the conversation (tools, transcript; call-conversation.ts); the machine's commands run
 * in order against the pacer (Twilio side) and the upstream link. The business's session
 * (the brain's instructions and tools, its VAD settings, the call row) loads while the
 * upstream connects; the link holds caller frames until it is ready. Any failure ends this
 * call (Twilio socket closed, upstream closed, counters logged), never the process.
 */
import { type CallConversation, createCallConversation } from './call-conversation.ts';
import type { CallEnding } from './call-ending.ts';
import { callBegin, createCallParts } from './call-parts.ts';
import { writeCallRecord } from './call-record-writer.ts';
import type { CallBegin, CallPlan } from './call-services.ts';
import {
  type CallCounters,
  type CallSessionDeps,
  newCounters,
  summariseCall,
  type TwilioPort,
} from './call-session-types.ts';
import type { DtmfCollector } from './dtmf.ts';
import type { CallEvent, CallStart, TurnCommand, UpstreamSpeechStarted } from './events.ts';
import { createInboundAudio, type InboundAudio } from './inbound-audio.ts';
import type { Pacer } from './pacer.ts';
import {
  encodeUpstreamCommand,
  isBenignUpstreamError,
  isUpstreamCommand,
  parseRealtimeMessage,
} from './realtime-codec.ts';
import { type CallRecorder, createCallRecorder } from './recording/recorder.ts';
import type { SpeechFrameEvents } from './speech-tracker.ts';
import { createTurnMachine, type TurnMachine } from './turn-machine.ts';
import { parseTwilioMessage } from './twilio-codec.ts';

export type { CallCounters, CallSessionDeps, CallSummary, TwilioPort } from './call-session-types.ts';

export interface CallSession {
  /** One WebSocket message from Twilio. */
  receive(message: string | Buffer): void;
  /** Twilio's socket drained after backpressure. */
  drain(): void;
  /** Twilio's socket closed (hang-up, or Bun closed it: 1009 for an oversized message). */
  socketClosed(code: number, reason: string): void;
  /** Ends the call from outside (shutdown). Idempotent. */
  end(reason: string, code?: number): void;
  readonly state: 'awaiting_start' | 'live' | 'ended';
  readonly counters: Readonly<CallCounters>;
  readonly callSid: string | null;
  /** The call's record id (known from `start`). */
  readonly callId: string | null;
  readonly machine: TurnMachine | null;
  readonly pacer: Pacer | null;
  /** Resolves once the call ended and its record, recording and memory were written. */
  readonly settled: Promise<void>;
}

const UPSTREAM_SPEECH: UpstreamSpeechStarted = {
  type: 'upstream_speech_started',
  itemId: '',
  audioStartMs: 0,
};
const LOCAL_START: CallEvent = { type: 'local_speech_start' };
const LOCAL_CONFIRMED: CallEvent = { type: 'local_speech_confirmed' };
const LOCAL_END: CallEvent = { type: 'local_speech_end' };
const TICK: CallEvent = { type: 'tick' };

export function createCallSession(twilio: TwilioPort, deps: CallSessionDeps): CallSession {
  const now = deps.now ?? (() => performance.now());
  const wall = deps.wallClock ?? Date.now;
  const timers = deps.timers ?? {
    setTimeout: (fn: () => void, ms: number): unknown => setTimeout(fn, ms),
    clearTimeout: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  const counters = newCounters();
  const openedAt = now();
  let log = deps.log;
  let state: CallSession['state'] = 'awaiting_start';
  let call: CallBegin | null = null;
  let planned: Promise<CallPlan> | null = null;
  let answeredAt = 0;
  let machine: TurnMachine | null = null;
  let pacer: Pacer | null = null;
  let conversation: CallConversation | null = null;
  let inbound: InboundAudio | null = null;
  let recorder: CallRecorder | null = null;
  let dtmf: DtmfCollector | null = null;
  let ending: CallEnding | null = null;
  let socketOpen = true;
  let lastPlayingAt = Number.NEGATIVE_INFINITY;
  /** Responses in progress upstream: a replaced session never finishes them. */
  const openResponses = new Set<string>();
  let settle: () => void = () => {};
  const settled = new Promise<void>((resolve) => {
    settle = resolve;
  });

  const startTimer = timers.setTimeout(
    () => end(`no valid start within ${deps.startTimeoutMs ?? 5000} ms`, 1008),
    deps.startTimeoutMs ?? 5000,
  );

  /** Socket events, timers and promise callbacks run outside Bun's handler: a bug there ends this call only. */
  function guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      log.warn({ err: String(err) }, 'call failed');
      end('internal error', 1011);
    }
  }

  function sometimes(count: number): boolean {
    return (count & (count - 1)) === 0; // 1st, 2nd, 4th, 8th...
  }

  function execute(commands: readonly TurnCommand[]): void {
    for (const c of commands) {
      if (isUpstreamCommand(c)) {
        conversation?.send(encodeUpstreamCommand(c));
        continue;
      }
      const p = pacer as Pacer;
      if (c.type === 'playback_enqueue') p.enqueueBase64(c.audioBase64, c.byteLength);
      else if (c.type === 'playback_pause') p.pause();
      else if (c.type === 'playback_resume') p.resume();
      else if (c.type === 'twilio_clear') {
        p.clear(c.generation);
        recorder?.assistantCleared(now());
      }
    }
  }

  function step(event: CallEvent): void {
    if (machine !== null) execute(machine.step(event, now()));
  }

  /** The caller may hear the assistant: audio queued here, buffered at Twilio, or just played (echo tail). */
  function assistantSpeaking(): boolean {
    const t = now();
    const p = pacer as Pacer;
    if (p.stats.queuedBytes > 0 || p.leadMs() > 0) lastPlayingAt = t;
    return t - lastPlayingAt < (deps.echoTailMs ?? 200);
  }

  function onFrame(ev: SpeechFrameEvents): void {
    if (ev.start) step(LOCAL_START);
    if (ev.confirmed) step(LOCAL_CONFIRMED);
    if (ev.upstreamTrigger) step(UPSTREAM_SPEECH);
    if (ev.end) step(LOCAL_END);
  }

  /** The business's session is loaded: analysis and recording start with its settings. */
  function applyPlan(p: CallPlan): void {
    if (p.recordFailed) counters.recordFailures++;
    if (state !== 'live') return;
    inbound = createInboundAudio({ vad: { ...deps.vad, ...p.vad }, speech: deps.speech }, onFrame);
    const file = p.recording;
    if (file) recorder = createCallRecorder({ sink: file, now, origin: answeredAt });
  }

  function onStart(ev: CallStart): void {
    const token = ev.customParameters.callToken ?? '';
    const businessId = ev.customParameters.businessId ?? '';
    const redeemed = deps.tokens.redeem(token, ev.callSid, businessId);
    if (!redeemed.ok) {
      end(`start refused: call token ${redeemed.reason}`, 1008);
      return;
    }
    timers.clearTimeout(startTimer);
    const ctx = redeemed.call;
    state = 'live';
    answeredAt = now();
    const begin = callBegin(ev, ctx, new Date(wall()));
    call = begin;
    log = deps.log.child({ callSid: ev.callSid, streamSid: ev.streamSid, businessId, callId: begin.callId });
    const turns = createTurnMachine();
    machine = turns;
    ({ pacer, dtmf, ending } = createCallParts({
      twilio,
      ev,
      deps,
      log,
      now,
      timers,
      guard,
      machine: turns,
      recorder: () => recorder,
      responding: () => conversation?.responding ?? false,
      onDigits: (digits) => conversation?.keyed(digits),
      end,
    }));
    const plan = deps.services.begin(begin);
    planned = plan;
    plan.then((p) => guard(() => applyPlan(p)));
    conversation = createCallConversation({
      deps,
      call: begin,
      log,
      now,
      timers,
      plan,
      elapsedMs: () => now() - answeredAt,
      onMessage: (text) => guard(() => onUpstream(text)),
      quiet: () =>
        openResponses.size === 0 && machine?.callerSpeech === 'silent' && !(pacer && assistantSpeaking()),
      onReplacing: (reason, detail) =>
        guard(() => {
          log.warn({ reason, detail }, 'realtime: replacing the session');
          // The old session's responses will never finish: close them for the turn machine.
          for (const id of [...openResponses])
            step({ type: 'response_done', responseId: id, status: 'failed' });
          openResponses.clear();
        }),
      onLost: (detail) => guard(() => lost(detail)),
      onAction: (action) =>
        guard(() => {
          if (action.type === 'end_call') ending?.afterGoodbye(action.reason);
          else if (action.type === 'transfer')
            log.info({ reason: action.reason, live: action.live }, 'transfer asked');
        }),
    });
    log.info({ business: ctx.businessName }, 'call started');
  }

  /** No upstream session can be had: apologise if Twilio's API is at hand, then end. */
  function lost(detail: string): void {
    if (state !== 'live') return;
    log.warn({ detail }, 'realtime: session lost, ending the call');
    (ending as CallEnding).apologise(detail);
  }

  function onUpstream(text: string): void {
    if (state !== 'live') return;
    const t0 = deps.probe ? Bun.nanoseconds() : 0;
    const parsed = parseRealtimeMessage(text);
    if (parsed.kind === 'rejected') {
      counters.upstreamMalformed++;
      if (sometimes(counters.upstreamMalformed))
        log.warn({ reason: parsed.reason }, 'realtime: malformed event');
      return;
    }
    if (parsed.kind === 'ignored') return;
    const ev = parsed.event;
    conversation?.observe(ev);
    switch (ev.type) {
      case 'upstream_error':
        counters.upstreamErrors++;
        if (isBenignUpstreamError(ev.code)) log.debug({ code: ev.code }, 'realtime: expected race');
        else log.warn({ code: ev.code, type: ev.errorType, message: ev.message }, 'realtime: error event');
        return;
      case 'upstream_speech_started':
        if (inbound?.tracker.upstreamSpeechStarted()) step(ev);
        return;
      case 'upstream_speech_stopped':
        inbound?.tracker.upstreamSpeechStopped();
        return;
      case 'response_created':
        openResponses.add(ev.responseId);
        step(ev);
        return;
      case 'response_done':
        openResponses.delete(ev.responseId);
        step(ev);
        return;
      default:
        step(ev);
    }
    if (deps.probe && ev.type === 'assistant_audio') deps.probe.outbound(Bun.nanoseconds() - t0);
  }

  function malformed(reason: string, detail: string): void {
    counters.malformed++;
    counters.malformedByReason[reason] = (counters.malformedByReason[reason] ?? 0) + 1;
    if (sometimes(counters.malformed))
      log.warn({ reason, detail, count: counters.malformed }, 'twilio: malformed frame skipped');
  }

  function receive(message: string | Buffer): void {
    if (state === 'ended') return;
    const t0 = deps.probe ? Bun.nanoseconds() : 0;
    counters.messagesIn++;
    const parsed = parseTwilioMessage(message); // a binary frame is a counted rejection
    if (!parsed.ok) {
      if (parsed.reason === 'unsupported_media_format' || parsed.detail.startsWith('start')) {
        end(`protocol violation: ${parsed.reason} ${parsed.detail}`, 1008);
      } else malformed(parsed.reason, parsed.detail);
      return;
    }
    const ev = parsed.event;
    if (ev.type === 'twilio_connected') return;
    if (ev.type === 'stop') {
      end(ending?.reason ?? 'caller hung up', 1000);
      return;
    }
    if (state === 'awaiting_start') {
      if (ev.type === 'start') onStart(ev);
      else end(`protocol violation: ${ev.type} before start`, 1008);
      return;
    }
    switch (ev.type) {
      case 'start':
        end('protocol violation: a second start', 1008);
        return;
      case 'caller_audio':
        counters.framesIn++;
        step(ev); // relays the payload upstream first: analysis must not delay it
        recorder?.caller(ev.payload, ev.timestampMs);
        inbound?.push(ev.payload, assistantSpeaking());
        step(TICK);
        if (deps.probe) deps.probe.inbound(Bun.nanoseconds() - t0);
        return;
      case 'dtmf':
        counters.dtmf++;
        dtmf?.key(ev.digit);
        return;
      default:
        step(ev);
    }
  }

  function end(reason: string, code = 1000): void {
    if (state === 'ended') return;
    const wasLive = state === 'live';
    state = 'ended';
    timers.clearTimeout(startTimer);
    dtmf?.flush();
    ending?.cancel();
    pacer?.close();
    conversation?.close();
    if (socketOpen) {
      socketOpen = false;
      try {
        twilio.close(code, reason.slice(0, 120));
      } catch {}
    }
    const t = now();
    recorder?.finish(t);
    const durationMs = Math.round(t - openedAt);
    const summary = summariseCall(reason, code, durationMs, counters, {
      pacer: pacer?.stats,
      upstream: conversation?.stats,
      turn: machine?.stats,
      model: conversation?.modelStats,
      recordedSamples: recorder?.stats.samples,
    });
    // A hang-up is routine; anything else (refused start, upstream failure, 1009) is worth a look.
    if (code === 1000) log.info(summary, 'call ended');
    else log.warn(summary, 'call ended');
    deps.onEnd?.(summary);
    if (!wasLive) {
      deps.onSettled?.(summary);
      settle();
      return;
    }
    void writeCallRecord(deps.services, log, {
      call: call as CallBegin,
      plan: planned as Promise<CallPlan>,
      recorder,
      transcript: conversation?.transcript ?? null,
      summary,
      durationMs: Math.round(t - answeredAt),
      endedAt: new Date(wall()),
    }).finally(() => {
      deps.onSettled?.(summary);
      settle();
    });
  }

  return {
    receive,
    drain: () => pacer?.drain(),
    socketClosed(code, reason) {
      socketOpen = false;
      end(`twilio socket closed (${code}${reason ? ` ${reason}` : ''})`, code);
    },
    end,
    get state() {
      return state;
    },
    counters,
    get callSid() {
      return call?.callSid ?? null;
    },
    get callId() {
      return call?.callId ?? null;
    },
    get machine() {
      return machine;
    },
    get pacer() {
      return pacer;
    },
    settled,
  };
}
