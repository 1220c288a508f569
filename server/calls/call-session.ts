/**
 * One phone call, from Twilio's `start` to hang-up: the relay between the Twilio media
 * stream and one Realtime session. Messages from each side are handled synchronously, in
 * arrival order (nothing here awaits), so per-connection order holds without a queue.
 *
 * The pipeline: Twilio frame → codec → caller audio upstream untouched + local analysis
 * (VAD → speech events) → turn machine; upstream frame → codec → turn machine; the machine's
 * commands run in order against the pacer (Twilio side) and the upstream socket. Any failure
 * ends this call (Twilio socket closed, upstream closed, counters logged), never the process.
 */
import {
  type CallCounters,
  type CallSessionDeps,
  newCounters,
  summariseCall,
  type TwilioPort,
} from './call-session-types.ts';
import type { CallEvent, CallStart, FunctionCall, TurnCommand, UpstreamSpeechStarted } from './events.ts';
import { createInboundAudio, type InboundAudio } from './inbound-audio.ts';
import { createPacer, type Pacer } from './pacer.ts';
import {
  encodeClientEvent,
  encodeUpstreamCommand,
  functionCallOutput,
  isBenignUpstreamError,
  isUpstreamCommand,
  parseRealtimeMessage,
  responseCreate,
  type SessionConfig,
  sessionUpdate,
} from './realtime-codec.ts';
import type { SpeechFrameEvents } from './speech-tracker.ts';
import { createTurnMachine, type TurnMachine } from './turn-machine.ts';
import { parseTwilioMessage } from './twilio-codec.ts';
import { connectUpstream, type Upstream, type UpstreamEnd } from './upstream.ts';

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
  readonly machine: TurnMachine | null;
  readonly pacer: Pacer | null;
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
  const timers = deps.timers ?? {
    setTimeout: (fn: () => void, ms: number): unknown => setTimeout(fn, ms),
    clearTimeout: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  const counters = newCounters();
  const openedAt = now();
  let log = deps.log;
  let state: CallSession['state'] = 'awaiting_start';
  let callSid: string | null = null;
  let machine: TurnMachine | null = null;
  let pacer: Pacer | null = null;
  let upstream: Upstream | null = null;
  let inbound: InboundAudio | null = null;
  let socketOpen = true;
  let lastPlayingAt = Number.NEGATIVE_INFINITY;
  /** A function call's response must finish before the follow-up `response.create`. */
  const awaitingFollowUp = new Set<string>();

  const startTimer = timers.setTimeout(
    () => end(`no valid start within ${deps.startTimeoutMs ?? 5000} ms`, 1008),
    deps.startTimeoutMs ?? 5000,
  );

  /** Socket events and timers run outside Bun's handler: a bug there ends this call only. */
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
        upstream?.send(encodeUpstreamCommand(c));
        continue;
      }
      const p = pacer as Pacer;
      if (c.type === 'playback_enqueue') p.enqueueBase64(c.audioBase64, c.byteLength);
      else if (c.type === 'playback_pause') p.pause();
      else if (c.type === 'playback_resume') p.resume();
      else if (c.type === 'twilio_clear') p.clear(c.generation);
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

  function onStart(ev: CallStart): void {
    const token = ev.customParameters.callToken ?? '';
    const businessId = ev.customParameters.businessId ?? '';
    const redeemed = deps.tokens.redeem(token, ev.callSid, businessId);
    if (!redeemed.ok) {
      end(`start refused: call token ${redeemed.reason}`, 1008);
      return;
    }
    timers.clearTimeout(startTimer);
    callSid = ev.callSid;
    log = deps.log.child({ callSid, streamSid: ev.streamSid, businessId });
    state = 'live';
    const call = redeemed.call;
    machine = createTurnMachine();
    const pacerTimers = deps.pacerTimers ?? timers;
    pacer = createPacer(
      {
        send: (text) => twilio.send(text),
        now,
        timers: {
          setTimeout: (fn, ms) => pacerTimers.setTimeout(() => guard(fn), ms),
          clearTimeout: (h) => pacerTimers.clearTimeout(h),
        },
        logger: log,
      },
      { streamSid: ev.streamSid, ...deps.pacer },
    );
    inbound = createInboundAudio({ vad: deps.vad, speech: deps.speech }, onFrame);
    const session: SessionConfig = {
      instructions: deps.instructionsFor({ id: call.businessId, name: call.businessName }),
      voice: deps.realtime.voice,
      vad: deps.upstreamVad,
    };
    upstream = connectUpstream({
      url: deps.realtime.url,
      model: deps.realtime.model,
      apiKey: deps.realtime.apiKey,
      // The greeting: the caller should hear the business at once, before saying anything.
      initialFrames: [encodeClientEvent(sessionUpdate(session)), encodeClientEvent(responseCreate())],
      onMessage: (text) => guard(() => onUpstream(text)),
      onEnd: (e) => guard(() => onUpstreamEnd(e)),
      log,
      ...deps.upstream,
    });
    log.info({ business: call.businessName }, 'call started');
  }

  function onUpstreamEnd(e: UpstreamEnd): void {
    if (e.kind === 'unavailable') {
      end(`realtime unavailable after ${e.attempts} attempts: ${e.lastError}`, 1011);
    } else {
      end(`realtime closed the session (${e.code}${e.reason ? ` ${e.reason}` : ''})`, 1011);
    }
  }

  function onFunctionCall(ev: FunctionCall): void {
    // Seam for the assistant's brain (issue 4): until it lands, every tool answers "unavailable"
    // so the model says so instead of waiting forever.
    const output = deps.onFunctionCall?.(ev) ?? JSON.stringify({ error: 'not available yet' });
    upstream?.send(encodeClientEvent(functionCallOutput(ev.callId, output)));
    awaitingFollowUp.add(ev.responseId);
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
      case 'function_call':
        onFunctionCall(ev);
        return;
      case 'response_done':
        step(ev);
        if (awaitingFollowUp.delete(ev.responseId)) upstream?.send(encodeClientEvent(responseCreate()));
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
      end('caller hung up', 1000);
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
        inbound?.push(ev.payload, assistantSpeaking());
        step(TICK);
        if (deps.probe) deps.probe.inbound(Bun.nanoseconds() - t0);
        return;
      case 'dtmf':
        counters.dtmf++;
        log.info({ digit: ev.digit }, 'dtmf');
        return;
      default:
        step(ev);
    }
  }

  function end(reason: string, code = 1000): void {
    if (state === 'ended') return;
    state = 'ended';
    timers.clearTimeout(startTimer);
    pacer?.close();
    upstream?.close();
    if (socketOpen) {
      socketOpen = false;
      try {
        twilio.close(code, reason.slice(0, 120));
      } catch {}
    }
    const summary = summariseCall(reason, code, Math.round(now() - openedAt), counters, {
      pacer: pacer?.stats,
      upstream: upstream?.stats,
      turn: machine?.stats,
    });
    // A hang-up is routine; anything else (refused start, upstream failure, 1009) is worth a look.
    if (code === 1000) log.info(summary, 'call ended');
    else log.warn(summary, 'call ended');
    deps.onEnd?.(summary);
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
      return callSid;
    },
    get machine() {
      return machine;
    },
    get pacer() {
      return pacer;
    },
  };
}
