/**
 * The parts of one call, made when its `start` arrives and shared by the concerns the session
 * composes (call-session.ts): the turn steps, the upstream events, the hand-off to a person and
 * the call's end each read the parts they need from here instead of from one another. Parts
 * stay null until the call has them (the inbound analysis and the recorder wait for the
 * business's settings).
 */
import type { CallConversation } from './call-conversation.ts';
import type { CallEnding } from './call-ending.ts';
import type { CallBegin } from './call-services.ts';
import type { DtmfCollector } from './dtmf.ts';
import type { GreetingCapture } from './greeting/cached-greeting.ts';
import type { InboundAudio } from './inbound-audio.ts';
import type { Pacer } from './pacer.ts';
import type { CallRecorder } from './recording/recorder.ts';
import type { TurnLatencyTracker } from './turn-latency.ts';
import type { TurnMachine } from './turn-machine.ts';
import type { CallLog } from './types.ts';

/** The cached greeting playing on this call (barge-ins over it are rewritten for upstream). */
export interface PlayingGreeting {
  itemId: string;
  text: string;
  durationMs: number;
}

export interface LiveCall {
  state: 'awaiting_start' | 'live' | 'ended';
  /** The call's log, bound to its CallSid once `start` named it. */
  log: CallLog;
  call: CallBegin | null;
  /** Monotonic ms of the `start`. */
  answeredAt: number;
  machine: TurnMachine | null;
  pacer: Pacer | null;
  conversation: CallConversation | null;
  dtmf: DtmfCollector | null;
  ending: CallEnding | null;
  inbound: InboundAudio | null;
  recorder: CallRecorder | null;
  ear: TurnLatencyTracker | null;
  greeting: PlayingGreeting | null;
  capture: GreetingCapture | null;
}

export function newLiveCall(log: CallLog): LiveCall {
  return {
    state: 'awaiting_start',
    log,
    call: null,
    answeredAt: 0,
    machine: null,
    pacer: null,
    conversation: null,
    dtmf: null,
    ending: null,
    inbound: null,
    recorder: null,
    ear: null,
    greeting: null,
    capture: null,
  };
}
