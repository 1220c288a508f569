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
import type { CallBegin, CallPlan } from './call-services.ts';
import type { CallLog, CallSessionDeps, Timers } from './call-session-types.ts';
import type { UpstreamEvent } from './events.ts';
import { createModelTurns, type ModelTurns, type ModelTurnsStats } from './model-turns.ts';
import { encodeClientEvent, responseCreate, type SessionConfig, sessionUpdate } from './realtime-codec.ts';
import { CONTINUATION_NOTE, reinjectionItems, type Transcript } from './transcript.ts';
import { createUpstreamLink, type ReplaceReason, type UpstreamLinkStats } from './upstream-link.ts';

export interface CallConversationOptions {
  deps: Pick<
    CallSessionDeps,
    'realtime' | 'upstream' | 'upstreamVad' | 'services' | 'sessionLimitMs' | 'maxReconnects'
  >;
  call: CallBegin;
  plan: Promise<CallPlan>;
  log: CallLog;
  now(): number;
  timers: Timers;
  elapsedMs(): number;
  onMessage(text: string): void;
  quiet(): boolean;
  onReplacing(reason: ReplaceReason, detail: string): void;
  onLost(detail: string): void;
  onAction(action: AgentAction, spoke: boolean): void;
}

export interface CallConversation {
  send(frame: string): void;
  observe(event: UpstreamEvent): void;
  keyed(digits: string): void;
  close(): void;
  readonly responding: boolean;
  readonly transcript: Transcript;
  readonly stats: Readonly<UpstreamLinkStats>;
  readonly modelStats: Readonly<ModelTurnsStats>;
}

export function createCallConversation(o: CallConversationOptions): CallConversation {
  const { deps } = o;
  let session: SessionConfig | null = null;

  const firstFrames = o.plan.then((plan) => {
    session = { ...plan.session, vad: deps.upstreamVad };
    return [encodeClientEvent(sessionUpdate(session)), encodeClientEvent(responseCreate(plan.greeting))];
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
    runTool: (fn) => deps.services.runTool(o.call, fn),
    onAction: o.onAction,
    elapsedMs: o.elapsedMs,
    log: o.log,
  });

  // The first greeting is part of the first frames: the gate must know a response is coming.
  firstFrames.then(
    () => model.markCreating(),
    () => {},
  );

  return {
    send: (frame) => void link.send(frame),
    observe: model.observe,
    keyed: model.keyed,
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
