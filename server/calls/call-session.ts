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
import type { CallBegin, CallPlan, CallPrelude } from './call-services.ts';
import {
  type CallCounters,
  type CallSessionDeps,
  newCounters,
  summariseCall,
  type TwilioPort,
} from './call-session-types.ts';
import type { CallContext } from './call-token.ts';
import type { DtmfCollector } from './dtmf.ts';
import type { CallEvent, CallStart, TurnCommand } from './events.ts';
import {
  createGreetingCapture,
  type GreetingCapture,
  greetingCommandFrames,
  greetingItemId,
  greetingPlaybackEvents,
} from './greeting/cached-greeting.ts';
import { createInboundAudio, type InboundAudio } from './inbound-audio.ts';
import type { MenuEntry } from './keypad/menu.ts';
import { choiceNote, keypadChoice, TRANSFER_FAILED_NOTE } from './keypad/menu-choice.ts';
import type { Pacer } from './pacer.ts';
import {
  encodeUpstreamCommand,
  isBenignUpstreamError,
  isUpstreamCommand,
  parseRealtimeMessage,
} from './realtime-codec.ts';
import { type CallRecorder, createCallRecorder } from './recording/recorder.ts';
import type { SpeechFrameEvents } from './speech-tracker.ts';
import { RESUME_AFTER_TRANSFER, RESUME_NOTE } from './transfer/transfer-twiml.ts';
import { createTurnLatency, type TurnLatencyTracker } from './turn-latency.ts';
import { createTurnMachine, type TurnMachine } from './turn-machine.ts';
import { parsePlaybackMark, parseTwilioMessage } from './twilio-codec.ts';
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
const TICK: CallEvent = { type: 'tick' };
const WORDS_BARGE_IN: CallEvent = { type: 'caller_words', verdict: 'barge_in' };
/** Reused for every frame the pacer sends (50 a second per call). */
const SENT = { type: 'playback_sent' as const, end: 0, bytes: 0, playsAt: 0 };

export function createCallSession(twilio: TwilioPort, ctx: CallContext, deps: CallSessionDeps): CallSession {
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
  /** The cached greeting playing on this call (barge-ins over it are rewritten for upstream). */
  let greeting: { itemId: string; text: string; durationMs: number } | null = null;
  let capture: GreetingCapture | null = null;
  let warmSession: WarmSession | null = null;
  let ear: TurnLatencyTracker | null = null;
  /** Twilio took the call to a person: its `stop` is the transfer, not a hang-up. */
  let transferring = false;
  let menu: readonly MenuEntry[] = [];
  let preludeRef: Promise<CallPrelude> | null = null;
  /** Assistant frames sent before the recording opened (the cached greeting), replayed into it. */
  let earlySent: Array<{ frame: Uint8Array; length: number; playsAt: number }> | null = [];
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
        const rewritten = greeting ? greetingCommandFrames(c, greeting) : null;
        if (rewritten) for (const frame of rewritten) conversation?.send(frame);
        else conversation?.send(encodeUpstreamCommand(c));
        continue;
      }
      const p = pacer as Pacer;
      if (c.type === 'playback_enqueue') {
        ear?.assistantAudio(now(), p.stats.generation, p.stats.sentBytes + p.stats.queuedBytes);
        p.enqueueBase64(c.audioBase64, c.byteLength);
      } else if (c.type === 'playback_pause') p.pause();
      else if (c.type === 'playback_resume') p.resume();
      else if (c.type === 'twilio_clear' || c.type === 'playback_rewind') {
        if (c.type === 'twilio_clear') p.clear(c.generation);
        else p.rewind(c.generation, c.offset);
        recorder?.assistantCleared(now());
        inbound?.cut(now());
      }
    }
  }

  function step(event: CallEvent): void {
    if (machine === null) return;
    const before = machine.lastInterruption;
    execute(machine.step(event, now()));
    const cut = machine.lastInterruption;
    // A barge-in: the transcript keeps how much of each cut-off line the caller heard.
    if (cut !== before && cut)
      for (const i of cut.items)
        if (i.action !== 'none') conversation?.transcript.interrupted(i.itemId, i.heardMs, i.sentMs);
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
    if (ev.end) {
      step(ev.endVoiced ? LOCAL_END_VOICED : LOCAL_END);
      conversation?.callerStopped(ev.endVoiced);
      if (ev.endVoiced) ear?.callerStopped(now());
    }
  }

  /** The business's session is loaded: analysis and recording start with its settings. */
  function applyPlan(p: CallPlan): void {
    if (p.recordFailed) counters.recordFailures++;
    if (state !== 'live') return;
    inbound = createInboundAudio(
      { vad: { ...deps.vad, ...p.vad }, speech: deps.speech, neural: deps.neuralVad, now },
      (ev) => guard(() => onFrame(ev)),
    );
    const file = p.recording;
    if (file) {
      const r = createCallRecorder({ sink: file, now, origin: answeredAt });
      for (const f of earlySent ?? []) r.assistant(f.frame, f.length, f.playsAt);
      recorder = r;
    }
    earlySent = null;
  }

  /**
   * The business's session is known: its cached greeting plays at once, through the pacer like
   * any assistant audio; without one, the model's greeting is caught for the next calls.
   */
  function applyPrelude(p: CallPrelude, itemId: string): void {
    if (state !== 'live') return;
    const cached = p.cachedGreeting;
    if (cached) {
      greeting = { itemId, text: p.greetingKey.text, durationMs: cached.durationMs };
      for (const ev of greetingPlaybackEvents(cached, itemId)) step(ev);
      log.debug({ durationMs: cached.durationMs }, 'greeting: playing the cached audio');
      return;
    }
    if (!p.greetingKey.text) return;
    const { businessId } = call as CallBegin;
    capture = createGreetingCapture({
      text: p.greetingKey.text,
      interruptions: () => machine?.stats.interruptions ?? 0,
      onCaptured: (audio) => void deps.services.keepGreeting(businessId, p.greetingKey, audio),
      onRejected: (reason) => log.info({ reason }, 'greeting: not cached'),
    });
  }

  function onStart(ev: CallStart): void {
    // The socket was opened by this call's token: its start must be for the same call.
    const businessId = ev.customParameters.businessId ?? ctx.businessId;
    if (ev.callSid !== ctx.callSid || businessId !== ctx.businessId) {
      end('start refused: not the call its token opened', 1008);
      return;
    }
    timers.clearTimeout(startTimer);
    state = 'live';
    answeredAt = now();
    ear = createTurnLatency(answeredAt);
    const resumed = ev.customParameters.resume === RESUME_AFTER_TRANSFER;
    const begin: CallBegin = { ...callBegin(ev, ctx, new Date(wall())), resumed };
    call = begin;
    log = deps.log.child({ callSid: ev.callSid, streamSid: ev.streamSid, businessId, callId: begin.callId });
    const turns = createTurnMachine({ verdictWindowMs: deps.verdictWindowMs });
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
      sent: (end, bytes, playsAt, frame) => {
        if (earlySent && earlySent.length < 200)
          earlySent.push({ frame: frame.slice(0, bytes), length: bytes, playsAt });
        inbound?.reference(frame, bytes, playsAt);
        if (counters.firstAudioMs < 0) counters.firstAudioMs = Math.round(now() - answeredAt);
        ear?.sent(now(), (pacer as Pacer).stats.generation, end);
        SENT.end = end;
        SENT.bytes = bytes;
        SENT.playsAt = playsAt;
        step(SENT);
      },
      responding: () => conversation?.responding ?? false,
      onDigits: (digits) => onKeys(digits),
      menuKey: (digit) => menu.some((e) => e.digit === digit),
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
    preludeRef = prelude;
    const itemId = greetingItemId();
    prelude.then((p) => guard(() => applyPrelude(p, itemId)));
    prelude.then((p) => {
      menu = p.routing.keypadMenu;
    });
    plan.then((p) => guard(() => applyPlan(p)));
    conversation = createCallConversation({
      deps,
      call: begin,
      log,
      now,
      timers,
      plan: prelude,
      greetingItemId: itemId,
      adopted: warm ?? undefined,
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
      assistantAudible: () => machine?.assistantAudible ?? false,
      interruptions: () => machine?.stats.interruptions ?? 0,
      bargeIn: () => step(WORDS_BARGE_IN),
      transfer: (reason) => transferCall(reason),
      onAction: (action) =>
        guard(() => {
          if (action.type === 'end_call') ending?.afterGoodbye(action.reason);
          else if (action.type === 'transfer')
            log.info({ reason: action.reason, live: action.live }, 'transfer asked');
        }),
    });
    log.info(
      { business: ctx.businessName, warmStart: warm !== null, webhookToStartMs: counters.webhookToStartMs },
      'call started',
    );
  }

  function afterTransfer(p: CallPrelude): CallPrelude {
    return {
      ...p,
      cachedGreeting: null,
      greetingKey: { ...p.greetingKey, text: '' },
      greeting: `${p.session.instructions}\n\n${RESUME_NOTE}`,
    };
  }

  /** Moves the call to the business's person (Twilio REST); false when it could not be done. */
  async function transferCall(reason: string): Promise<boolean> {
    if (!deps.transfers || !call || !preludeRef || transferring) return transferring;
    const { routing } = await preludeRef;
    // Twilio may stop the stream before its answer to the update arrives: that stop is the transfer,
    // and the record is written before the tool's own line; this one says it was tried.
    transferring = true;
    conversation?.transcript.add('system', `העברה לנציג: ${reason}`, now() - answeredAt);
    const lastCallerLine = conversation?.transcript.turns.findLast(
      (t) => t.speaker === 'caller' && t.kind !== 'dtmf',
    )?.text;
    const outcome = await deps.transfers.start({
      callSid: call.callSid,
      callId: call.callId,
      from: call.from,
      to: call.to,
      reason,
      routing,
      lastCallerLine,
    });
    transferring = outcome.ok;
    if (!outcome.ok)
      log.info(
        { reason: outcome.reason, code: outcome.code },
        'transfer: not possible, the assistant carries on',
      );
    return outcome.ok;
  }

  /** A finished keyed entry: a menu choice acts on it; anything else reaches the model as keys. */
  function onKeys(digits: string): void {
    const choice = keypadChoice(menu, digits);
    if (!choice) {
      conversation?.keyed(digits);
      return;
    }
    log.info({ digit: choice.digit, action: choice.action }, 'keypad menu choice');
    if (choice.action !== 'transfer') {
      const last = conversation?.transcript.turns.findLast((t) => t.speaker === 'assistant')?.text ?? null;
      conversation?.instruct(choiceNote(choice.action, last), choice.line);
      return;
    }
    conversation?.transcript.add('caller', choice.line, now() - answeredAt, { kind: 'dtmf' });
    void transferCall(choice.line).then((ok) =>
      guard(() => {
        if (!ok && state === 'live') conversation?.instruct(TRANSFER_FAILED_NOTE, '');
      }),
    );
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
    capture?.observe(ev);
    switch (ev.type) {
      case 'upstream_error':
        counters.upstreamErrors++;
        if (isBenignUpstreamError(ev.code)) log.debug({ code: ev.code }, 'realtime: expected race');
        else log.warn({ code: ev.code, type: ev.errorType, message: ev.message }, 'realtime: error event');
        return;
      case 'upstream_speech_started':
        step(ev); // evidence for the turn machine, never a barge-in on its own
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
      end(ending?.reason ?? (transferring ? 'transferred to a person' : 'caller hung up'), 1000);
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
        conversation?.tick();
        if (deps.probe) deps.probe.inbound(Bun.nanoseconds() - t0);
        return;
      case 'dtmf':
        counters.dtmf++;
        step(ev); // a key pressed while the assistant talks is a barge-in
        dtmf?.key(ev.digit);
        return;
      case 'mark': {
        step(ev);
        const mark = parsePlaybackMark(ev.name);
        if (mark) ear?.mark(now(), mark.generation, mark.offset);
        return;
      }
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
    inbound?.close();
    pacer?.close();
    conversation?.close();
    if (socketOpen) {
      socketOpen = false;
      try {
        twilio.close(code, reason.slice(0, 120));
      } catch {}
    }
    const t = now();
    if (warmSession?.readyAt != null)
      counters.webhookToReadyMs = Math.round(warmSession.readyAt - warmSession.preparedAt);
    recorder?.finish(t);
    const durationMs = Math.round(t - openedAt);
    const summary = summariseCall(reason, code, durationMs, counters, {
      pacer: pacer?.stats,
      upstream: conversation?.stats,
      turn: machine?.stats,
      model: conversation?.modelStats,
      recordedSamples: recorder?.stats.samples,
      ear: ear?.turns,
    });
    // A hang-up is routine; anything else (refused start, upstream failure, 1009) is worth a look.
    if (code === 1000) log.info(summary, 'call ended');
    else log.warn(summary, 'call ended');
    deps.onEnd?.(summary);
    if (!wasLive) {
      deps.warm?.discard(ctx.callSid); // its stream ended before start: nobody will adopt it
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
