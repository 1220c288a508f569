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
 *
 * This file composes the call's concerns, each in its own module over the shared parts
 * (live-call.ts): the turn steps (call-steps.ts), Twilio's messages (twilio-events.ts), the
 * upstream's events (upstream-events.ts), the opening greeting (greeting/greeting-start.ts),
 * transfer and keypad (call-handoff.ts) and the end (call-finish.ts).
 */
import { type CallConversation, createCallConversation } from './call-conversation.ts';
import type { CallEnding } from './call-ending.ts';
import { closableSocket, finishCall } from './call-finish.ts';
import { afterTransfer, createCallHandoff } from './call-handoff.ts';
import { callBegin, createCallParts } from './call-parts.ts';
import type { CallBegin, CallPlan, CallPrelude } from './call-services.ts';
import {
  type CallCounters,
  type CallSessionDeps,
  newCounters,
  type TwilioPort,
} from './call-session-types.ts';
import { createCallSteps } from './call-steps.ts';
import type { CallContext } from './call-token.ts';
import type { CallEvent, CallStart } from './events.ts';
import { greetingItemId } from './greeting/cached-greeting.ts';
import { startGreeting } from './greeting/greeting-start.ts';
import { createInboundAudio } from './inbound-audio.ts';
import { newLiveCall } from './live-call.ts';
import type { Pacer } from './pacer.ts';
import { createCallRecorder } from './recording/recorder.ts';
import type { SpeechFrameEvents } from './speech-tracker.ts';
import { RESUME_AFTER_TRANSFER } from './transfer/transfer-twiml.ts';
import { createTurnLatency } from './turn-latency.ts';
import { createTurnMachine, type TurnMachine } from './turn-machine.ts';
import { createTwilioEvents } from './twilio-events.ts';
import { realTimers } from './types.ts';
import { createUpstreamEvents } from './upstream-events.ts';
import type { WarmSession } from './warm/warm-sessions.ts';

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

const LOCAL_START: CallEvent = { type: 'local_speech_start' };
const LOCAL_CONFIRMED: CallEvent = { type: 'local_speech_confirmed' };
const LOCAL_END: CallEvent = { type: 'local_speech_end' };
const LOCAL_END_VOICED: CallEvent = { type: 'local_speech_end', voiced: true };
const WORDS_BARGE_IN: CallEvent = { type: 'caller_words', verdict: 'barge_in' };
/** Reused for every frame the pacer sends (50 a second per call). */
const SENT = { type: 'playback_sent' as const, end: 0, bytes: 0, playsAt: 0 };

export function createCallSession(twilio: TwilioPort, ctx: CallContext, deps: CallSessionDeps): CallSession {
  const now = deps.now ?? (() => performance.now());
  const wall = deps.wallClock ?? Date.now;
  const timers = deps.timers ?? realTimers;
  const counters = newCounters();
  const openedAt = now();
  const live = newLiveCall(deps.log);
  const socket = closableSocket(twilio);
  const { step, assistantSpeaking } = createCallSteps(live, { now, echoTailMs: deps.echoTailMs });
  const handoff = createCallHandoff(live, { deps, now, guard });
  /** Responses in progress upstream: a replaced session never finishes them. */
  const openResponses = new Set<string>();
  const onUpstream = createUpstreamEvents(live, { counters, step, openResponses, probe: deps.probe });
  const receive = createTwilioEvents(live, {
    counters,
    step,
    assistantSpeaking,
    transferring: () => handoff.transferring,
    onStart: (ev) => onStart(ev),
    end: (reason, code) => end(reason, code),
    now,
    probe: deps.probe,
  });
  let planned: Promise<CallPlan> | null = null;
  let warmSession: WarmSession | null = null;
  /** Assistant frames sent before the recording opened (the cached greeting), replayed into it. */
  let earlySent: Array<{ frame: Uint8Array; length: number; playsAt: number }> | null = [];
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
      live.log.warn({ err: String(err) }, 'call failed');
      end('internal error', 1011);
    }
  }

  function onFrame(ev: SpeechFrameEvents): void {
    if (ev.start) step(LOCAL_START);
    if (ev.confirmed) step(LOCAL_CONFIRMED);
    if (ev.end) {
      step(ev.endVoiced ? LOCAL_END_VOICED : LOCAL_END);
      live.conversation?.callerStopped(ev.endVoiced);
      if (ev.endVoiced) live.ear?.callerStopped(now());
    }
  }

  /** The business's session is loaded: analysis and recording start with its settings. */
  function applyPlan(p: CallPlan): void {
    if (p.recordFailed) counters.recordFailures++;
    if (live.state !== 'live') return;
    live.inbound = createInboundAudio(
      { vad: { ...deps.vad, ...p.vad }, speech: deps.speech, neural: deps.neuralVad, now },
      (ev) => guard(() => onFrame(ev)),
    );
    const file = p.recording;
    if (file) {
      const r = createCallRecorder({ sink: file, now, origin: live.answeredAt });
      for (const f of earlySent ?? []) r.assistant(f.frame, f.length, f.playsAt);
      live.recorder = r;
    }
    earlySent = null;
  }

  /** The pacer sent bytes `[end - bytes, end)` to play from `playsAt`. */
  function sent(sentEnd: number, bytes: number, playsAt: number, frame: Uint8Array): void {
    if (earlySent && earlySent.length < 200)
      earlySent.push({ frame: frame.slice(0, bytes), length: bytes, playsAt });
    live.inbound?.reference(frame, bytes, playsAt);
    if (counters.firstAudioMs < 0) counters.firstAudioMs = Math.round(now() - live.answeredAt);
    live.ear?.sent(now(), (live.pacer as Pacer).stats.generation, sentEnd);
    SENT.end = sentEnd;
    SENT.bytes = bytes;
    SENT.playsAt = playsAt;
    step(SENT);
  }

  function onStart(ev: CallStart): void {
    // The socket was opened by this call's token: its start must be for the same call.
    const businessId = ev.customParameters.businessId ?? ctx.businessId;
    if (ev.callSid !== ctx.callSid || businessId !== ctx.businessId) {
      end('start refused: not the call its token opened', 1008);
      return;
    }
    timers.clearTimeout(startTimer);
    live.state = 'live';
    live.answeredAt = now();
    live.ear = createTurnLatency(live.answeredAt);
    const resumed = ev.customParameters.resume === RESUME_AFTER_TRANSFER;
    const begin: CallBegin = { ...callBegin(ev, ctx, new Date(wall())), resumed };
    live.call = begin;
    const log = deps.log.child({
      callSid: ev.callSid,
      streamSid: ev.streamSid,
      businessId,
      callId: begin.callId,
    });
    live.log = log;
    const machine = createTurnMachine({ verdictWindowMs: deps.verdictWindowMs });
    live.machine = machine;
    ({
      pacer: live.pacer,
      dtmf: live.dtmf,
      ending: live.ending,
    } = createCallParts({
      twilio,
      ev,
      deps,
      log,
      now,
      timers,
      guard,
      machine,
      recorder: () => live.recorder,
      sent,
      responding: () => live.conversation?.responding ?? false,
      onDigits: (digits) => handoff.keys(digits),
      menuKey: (digit) => handoff.isMenuKey(digit),
      end,
    }));
    const warm = deps.warm?.adopt(ev.callSid, ctx.businessId) ?? null;
    if (warm) {
      counters.warmStart = 1;
      counters.webhookToStartMs = Math.round(now() - warm.preparedAt);
      warmSession = warm;
    }
    const loaded = warm?.prelude ?? deps.services.prepare(ctx.businessId, ctx.businessName);
    // Back from a transfer nobody took: no greeting; the assistant offers to take a message.
    const prelude = resumed ? loaded.then(afterTransfer) : loaded;
    const plan = deps.services.begin(begin, prelude);
    planned = plan;
    handoff.prepared(prelude);
    const itemId = greetingItemId();
    prelude.then((p) =>
      guard(() => startGreeting(live, p, itemId, { step, keepGreeting: deps.services.keepGreeting })),
    );
    plan.then((p) => guard(() => applyPlan(p)));
    live.conversation = conversationFor(begin, prelude, itemId, warm);
    followLive(begin, live.conversation);
    log.info(
      { business: ctx.businessName, warmStart: warm !== null, webhookToStartMs: counters.webhookToStartMs },
      'call started',
    );
  }

  function conversationFor(
    begin: CallBegin,
    prelude: Promise<CallPrelude>,
    itemId: string,
    warm: WarmSession | null,
  ): CallConversation {
    return createCallConversation({
      deps,
      call: begin,
      log: live.log,
      now,
      timers,
      plan: prelude,
      greetingItemId: itemId,
      adopted: warm ?? undefined,
      elapsedMs: () => now() - live.answeredAt,
      onMessage: (text) => guard(() => onUpstream(text)),
      quiet: () =>
        openResponses.size === 0 &&
        live.machine?.callerSpeech === 'silent' &&
        !(live.pacer && assistantSpeaking()),
      onReplacing: (reason, detail) =>
        guard(() => {
          live.log.warn({ reason, detail }, 'realtime: replacing the session');
          // The old session's responses will never finish: close them for the turn machine.
          for (const id of [...openResponses])
            step({ type: 'response_done', responseId: id, status: 'failed' });
          openResponses.clear();
        }),
      onLost: (detail) => guard(() => lost(detail)),
      assistantAudible: () => live.machine?.assistantAudible ?? false,
      interruptions: () => live.machine?.stats.interruptions ?? 0,
      bargeIn: () => step(WORDS_BARGE_IN),
      transfer: (reason) => handoff.transfer(reason),
      onAction: (action) =>
        guard(() => {
          if (action.type === 'end_call') live.ending?.afterGoodbye(action.reason);
          else if (action.type === 'transfer')
            live.log.info({ reason: action.reason, live: action.live }, 'transfer asked');
        }),
    });
  }

  /** Open dashboards follow the call: its start, each line of its transcript, each barge-in. */
  function followLive(begin: CallBegin, conversation: CallConversation): void {
    const calls = deps.live;
    if (!calls) return;
    const { businessId, callId } = begin;
    calls.start(begin);
    conversation.transcript.observe({
      line: (t) =>
        calls.line(businessId, callId, { speaker: t.speaker, text: t.text, atMs: t.atMs, kind: t.kind }),
      interrupted: (heardMs) =>
        calls.bargeIn(businessId, callId, Math.round(now() - live.answeredAt), heardMs),
    });
  }

  /** No upstream session can be had: apologise if Twilio's API is at hand, then end. */
  function lost(detail: string): void {
    if (live.state !== 'live') return;
    live.log.warn({ detail }, 'realtime: session lost, ending the call');
    (live.ending as CallEnding).apologise(detail);
  }

  function end(reason: string, code = 1000): void {
    if (live.state === 'ended') return;
    const wasLive = live.state === 'live';
    live.state = 'ended';
    timers.clearTimeout(startTimer);
    if (live.call) deps.live?.end(live.call.businessId, live.call.callId, reason);
    finishCall(
      live,
      deps,
      { now, wall },
      {
        reason,
        code,
        wasLive,
        callSid: ctx.callSid,
        counters,
        openedAt,
        plan: planned,
        warmSession,
        closeSocket: socket.close,
        settle,
      },
    );
  }

  return {
    receive,
    drain: () => live.pacer?.drain(),
    socketClosed(code, reason) {
      socket.closed();
      end(`twilio socket closed (${code}${reason ? ` ${reason}` : ''})`, code);
    },
    end,
    get state() {
      return live.state;
    },
    counters,
    get callSid() {
      return live.call?.callSid ?? null;
    },
    get callId() {
      return live.call?.callId ?? null;
    },
    get machine() {
      return live.machine;
    },
    get pacer() {
      return live.pacer;
    },
    settled,
  };
}
