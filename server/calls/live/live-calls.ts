/**
 * The calls in progress on this process, as open dashboards see them: who is calling, since
 * when, and the transcript so far (its last `maxLines` lines), per business. The relay tells
 * it what happens (`start`, `line`, `bargeIn`, `end`); each happening is kept here, for a
 * page opened mid-call (GET /api/calls/live), and handed to the call feed, which pushes it to
 * the business's open call streams. Nothing here touches the database or the audio: a
 * dashboard can never slow a call down.
 */
import type { CallSpeaker, CallTurnKind } from '../../../db/schema';
import type { CallFeed } from './call-feed.ts';

export interface LiveLine {
  speaker: CallSpeaker;
  text: string;
  atMs: number;
  kind?: CallTurnKind;
}

export interface LiveCallView {
  callId: string;
  from: string;
  startedAt: string;
  lines: LiveLine[];
  bargeIns: number;
}

export interface LiveCalls {
  start(call: { businessId: string; callId: string; from: string; answeredAt: Date }): void;
  line(businessId: string, callId: string, line: LiveLine): void;
  /** The caller cut the assistant off after hearing `heardMs` of its line. */
  bargeIn(businessId: string, callId: string, atMs: number, heardMs: number): void;
  end(businessId: string, callId: string, reason: string): void;
  /** The business's calls in progress on this process, oldest first. */
  list(businessId: string): LiveCallView[];
  readonly size: number;
}

export function createLiveCalls(deps: { feed: Pick<CallFeed, 'publish'>; maxLines?: number }): LiveCalls {
  const maxLines = deps.maxLines ?? 50;
  const byBusiness = new Map<string, Map<string, LiveCallView>>();
  let size = 0;
  const find = (businessId: string, callId: string) => byBusiness.get(businessId)?.get(callId);
  return {
    start(call) {
      const calls = byBusiness.get(call.businessId) ?? new Map<string, LiveCallView>();
      byBusiness.set(call.businessId, calls);
      if (calls.has(call.callId)) return;
      const view: LiveCallView = {
        callId: call.callId,
        from: call.from,
        startedAt: call.answeredAt.toISOString(),
        lines: [],
        bargeIns: 0,
      };
      calls.set(call.callId, view);
      size++;
      deps.feed.publish(call.businessId, {
        type: 'live_start',
        callId: call.callId,
        from: call.from,
        startedAt: view.startedAt,
      });
    },
    line(businessId, callId, line) {
      const view = find(businessId, callId);
      if (!view) return;
      view.lines.push(line);
      if (view.lines.length > maxLines) view.lines.shift();
      deps.feed.publish(businessId, { type: 'live_line', callId, ...line });
    },
    bargeIn(businessId, callId, atMs, heardMs) {
      const view = find(businessId, callId);
      if (!view) return;
      view.bargeIns++;
      deps.feed.publish(businessId, { type: 'live_barge_in', callId, atMs, heardMs });
    },
    end(businessId, callId, reason) {
      const calls = byBusiness.get(businessId);
      if (!calls?.delete(callId)) return;
      size--;
      if (calls.size === 0) byBusiness.delete(businessId);
      deps.feed.publish(businessId, { type: 'live_end', callId, reason });
    },
    list(businessId) {
      return [...(byBusiness.get(businessId)?.values() ?? [])].map((v) => ({ ...v, lines: [...v.lines] }));
    },
    get size() {
      return size;
    },
  };
}
