/**
 * What open dashboards hear about a business's calls, per business, inside this process.
 * Two sources: PostgreSQL's `prosaas_calls` channel (a trigger announces every insert and
 * update of a call with only its business and id, whichever process wrote it: migration
 * 0032) and, for calls in progress on this process, what the relay observes (their live
 * transcript and levels: `publish`). Listeners get ids and live lines only; the dashboard
 * reads each call through the API under its own tenant scope.
 */
import type { Database } from '../../db/database';
import { createListenFanout } from '../../lib/listen-fanout';
import type { Logger } from '../../lib/logger';

export const CALL_CHANNEL = 'prosaas_calls';

/** A call row changed (`insert` or `update`): re-read it. */
export interface CallChanged {
  type: 'changed';
  callId: string;
  op: 'insert' | 'update';
}

/** A call in progress on this process: what is happening on it now. */
export type LiveCallEvent =
  | { type: 'live_start'; callId: string; from: string; startedAt: string }
  | {
      type: 'live_line';
      callId: string;
      speaker: 'caller' | 'assistant' | 'system';
      text: string;
      atMs: number;
      kind?: 'speech' | 'dtmf' | 'tool';
    }
  | { type: 'live_barge_in'; callId: string; atMs: number; heardMs: number }
  | { type: 'live_levels'; callId: string; caller: number; assistant: number }
  | { type: 'live_end'; callId: string; reason: string };

export type CallFeedEvent = CallChanged | LiveCallEvent;
export type CallFeedListener = (event: CallFeedEvent) => void;

export interface CallFeed {
  /** Resolves once LISTEN is in place; returns the unsubscribe function. */
  subscribe(businessId: string, listener: CallFeedListener): Promise<() => void>;
  /** Hands an event of this process's live call to the business's listeners. */
  publish(businessId: string, event: LiveCallEvent): void;
  readonly size: number;
}

export function createCallFeed(deps: { db: Pick<Database, 'listen'>; log: Logger }): CallFeed {
  const fanout = createListenFanout<CallFeedEvent>({
    ...deps,
    channel: CALL_CHANNEL,
    name: 'call feed',
    read: (payload) => {
      const m = JSON.parse(payload) as { businessId?: unknown; callId?: unknown; op?: unknown };
      if (typeof m.businessId !== 'string' || typeof m.callId !== 'string') throw new Error('shape');
      return {
        key: m.businessId,
        value: { type: 'changed', callId: m.callId, op: m.op === 'insert' ? 'insert' : 'update' },
      };
    },
  });
  return {
    get size() {
      return fanout.size;
    },
    publish(businessId, event) {
      // Nobody watching: nothing to do (the hot path pays one map lookup).
      if (fanout.has(businessId)) fanout.deliver(businessId, event);
    },
    subscribe: (businessId, listener) => fanout.subscribe(businessId, listener),
  };
}
