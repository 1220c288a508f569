/**
 * The call's side facing the model: the upstream link (sessions replaced on a drop or
 * before the service's time limit, with the conversation re-injected) and the conversation
 * on top of it (tool calls, keyed digits, the transcript: model-turns.ts).
 *
 * The first session starts with the business's `session.update` and the greeting, once the
 * plan (the brain's instructions and tools) has loaded; a replacement starts with the same
 * session plus a continuation note and the recent transcript as items, and is asked to speak
 * only if the old session was cut off mid-response.
 */
import type { AgentAction } from '../agent/tools/results';
import type { CallBegin, CallPrelude } from './call-services.ts';
import type { CallLog, CallSessionDeps, Timers } from './call-session-types.ts';
import type { UpstreamEvent } from './events.ts';
import { greetingItemFrame } from './greeting/cached-greeting.ts';
import { createModelTurns, type ModelTurns, type ModelTurnsStats } from './model-turns.ts';
import {
  encodeClientEvent,
  responseCreate,
  type SessionConfig,
  sessionUpdate,
  sessionUpdateFrame,
} from './realtime-codec.ts';
import { CONTINUATION_NOTE, reinjectionItems, type Transcript } from './transcript.ts';
import {
  type AdoptedUpstream,
  createUpstreamLink,
  type ReplaceReason,
  type UpstreamLinkStats,
} from './upstream-link.ts';

export interface CallConversationOptions {
  deps: Pick<
    CallSessionDeps,
    'realtime' | 'upstream' | 'upstreamVad' | 'services' | 'sessionLimitMs' | 'maxReconnects'
  >;
  call: CallBegin;
  /** The business's session and greeting (loading while the upstream connects). */
  plan: Promise<CallPrelude>;
  /** The item that records the cached greeting upstream (when the plan has one). */
  greetingItemId: string;
  /** The session the voice webhook opened (its `session.update` already sent). */
  adopted?: AdoptedUpstream;
  log: CallLog;
  now(): number;
  timers: Timers;
  elapsedMs(): number;
  onMessage(text: string): void;
  quiet(): boolean;
  onReplacing(reason: ReplaceReason, detail: string): void;
  onLost(detail: string): void;
  onAction(action: AgentAction, spoke: boolean): void;
  /** The turn machine's view, for deciding which caller turns are answered. */
  assistantAudible(): boolean;
  interruptions(): number;
  bargeIn(): void;
  /** The assistant's `transfer_to_human`: moves the call to a person; false when it could not. */
  transfer?(reason: string): Promise<boolean>;
}

export interface CallConversation {
  send(frame: string): void;
  observe(event: UpstreamEvent): void;
  keyed(digits: string): void;
  instruct(note: string, line: string): void;
  callerStopped(voiced?: boolean): void;
  tick(): void;
  close(): void;
  readonly responding: boolean;
  readonly transcript: Transcript;
  readonly stats: Readonly<UpstreamLinkStats>;
  readonly modelStats: Readonly<ModelTurnsStats>;
}

/**
 * A kept prelude is shared by every call of its business: so is its encoded greeting (the
 * instructions make it kilobytes, held by every call's link for a replacement).
 */
const greetingFrames = new WeakMap<CallPrelude, string>();
function greetingFrame(plan: CallPrelude): string {
  let frame = greetingFrames.get(plan);
  if (frame === undefined) {
    frame = encodeClientEvent(responseCreate(plan.greeting));
    greetingFrames.set(plan, frame);
  }
  return frame;
}

export function createCallConversation(o: CallConversationOptions): CallConversation {
  const { deps } = o;
  let session: SessionConfig | null = null;

  /** The cached greeting is playing already: upstream is told it was said, and asked for nothing. */
  const opening = (plan: CallPrelude): string[] =>
    plan.cachedGreeting
      ? [greetingItemFrame(o.greetingItemId, plan.greetingKey.text)]
      : [greetingFrame(plan)];

  const firstFrames = o.plan.then((plan) => {
    session = { ...plan.session, vad: deps.upstreamVad };
    // An adopted session has its session.update already; what opens the call follows it.
    return o.adopted ? opening(plan) : [sessionUpdateFrame(plan.session, deps.upstreamVad), ...opening(plan)];
  });

  const link = createUpstreamLink({
    connect: {
      url: deps.realtime.url,
      model: deps.realtime.model,
      apiKey: deps.realtime.apiKey,
      log: o.log,
      ...deps.upstream,
    },
    firstFrames,
    adopted: o.adopted,
    resumeFrames() {
      const base = session as SessionConfig;
      const resumed = { ...base, instructions: `${base.instructions}\n\n${CONTINUATION_NOTE}` };
      return [
        encodeClientEvent(sessionUpdate(resumed)),
        ...reinjectionItems(model.transcript.turns).map(encodeClientEvent),
      ];
    },
    onMessage: o.onMessage,
    onReplacing(reason, detail) {
      const cutOff = model.responding;
      model.sessionReplaced();
      o.onReplacing(reason, detail);
      if (cutOff) model.requestResponse();
    },
    onLost: (_end, detail) => o.onLost(detail),
    quiet: () => !model.responding && o.quiet(),
    timers: o.timers,
    now: o.now,
    sessionLimitMs: deps.sessionLimitMs,
    maxReconnects: deps.maxReconnects,
  });

  const model: ModelTurns = createModelTurns({
    send: (frame) => void link.send(frame),
    runTool: (fn) => deps.services.runTool(o.call, fn, { transfer: o.transfer }),
    onAction: o.onAction,
    elapsedMs: o.elapsedMs,
    log: o.log,
    assistantAudible: o.assistantAudible,
    interruptions: o.interruptions,
    bargeIn: o.bargeIn,
  });

  // The first greeting is part of the first frames: the gate must know a response is coming.
  o.plan.then((plan) => {
    if (plan.cachedGreeting) model.transcript.add('assistant', plan.greetingKey.text, 0);
    else model.markCreating();
  });

  return {
    send: (frame) => void link.send(frame),
    observe: model.observe,
    keyed: model.keyed,
    instruct: model.instruct,
    callerStopped: model.callerStopped,
    tick: model.tick,
    close: link.close,
    get responding() {
      return model.responding;
    },
    transcript: model.transcript,
    get stats() {
      return link.stats;
    },
    modelStats: model.stats,
  };
}
