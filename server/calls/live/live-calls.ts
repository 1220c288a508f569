/**
 * The calls in progress on this process, as open dashboards see them: who is calling, since
 * when, and the transcript so far (its last `maxLines` lines), per business. The relay tells
 * it what happens (`start`, `line`, `bargeIn`, `end`); each happening is kept here, for a
 * page opened mid-call (GET /api/calls/live), and handed to the call feed, which pushes it to
 * the business's open call streams. Nothing here touches the database or the audio: a
 * dashboard can never slow a call down.
 */
import type { CallSpeaker, CallTurnKind } from '../../../db/schema';
import type { CallFeed, LiveCallEvent } from './call-feed.ts';

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
  /** The business's calls in progress on this process (and, shared, on the others), oldest first. */
  list(businessId: string): LiveCallView[];
  /** Calls in progress on this process. */
  readonly size: number;
}

/**
 * How a process's live calls reach the other processes' dashboards (live-share.ts): its events
 * sent out, theirs heard, and which of the senders heard from have since died.
 */
export interface LiveShare {
  send(businessId: string, event: LiveCallEvent): void;
  /** Starts hearing the other processes' events (`origin` names the sender). */
  listen(onEvent: (businessId: string, event: LiveCallEvent, origin: string) => void): Promise<void>;
  /** Of these senders, the ones whose process is gone. */
  gone(origins: string[]): Promise<Set<string>>;
}

type Kept = LiveCallView & { origin?: string };

export function createLiveCalls(deps: {
  feed: Pick<CallFeed, 'publish'>;
  maxLines?: number;
  /** Other processes' calls too (PostgreSQL): what this one has is sent, what they have is kept. */
  share?: LiveShare;
  /** How often calls of other processes are checked for a process that died (ms). */
  sweepEveryMs?: number;
}): LiveCalls {
  const maxLines = deps.maxLines ?? 50;
  const byBusiness = new Map<string, Map<string, Kept>>();
  let size = 0;
  const find = (businessId: string, callId: string) => byBusiness.get(businessId)?.get(callId);

  /** One happening, this process's (origin undefined) or another's; false when it changed nothing. */
  function apply(businessId: string, event: LiveCallEvent, origin?: string): boolean {
    switch (event.type) {
      case 'live_start': {
        const calls = byBusiness.get(businessId) ?? new Map<string, Kept>();
        byBusiness.set(businessId, calls);
        if (calls.has(event.callId)) return false;
        calls.set(event.callId, {
          callId: event.callId,
          from: event.from,
          startedAt: event.startedAt,
          lines: [],
          bargeIns: 0,
          ...(origin ? { origin } : {}),
        });
        if (!origin) size++;
        break;
      }
      case 'live_line': {
        const view = find(businessId, event.callId);
        if (!view) return false;
        const { type: _t, callId: _c, ...line } = event;
        view.lines.push(line);
        if (view.lines.length > maxLines) view.lines.shift();
        break;
      }
      case 'live_barge_in': {
        const view = find(businessId, event.callId);
        if (!view) return false;
        view.bargeIns++;
        break;
      }
      case 'live_end': {
        const calls = byBusiness.get(businessId);
        const view = calls?.get(event.callId);
        if (!calls || !view) return false;
        calls.delete(event.callId);
        if (!view.origin) size--;
        if (calls.size === 0) byBusiness.delete(businessId);
        break;
      }
      default:
        break;
    }
    deps.feed.publish(businessId, event);
    return true;
  }

  const local = (businessId: string, event: LiveCallEvent) => {
    if (apply(businessId, event)) deps.share?.send(businessId, event);
  };

  if (deps.share) {
    const share = deps.share;
    void share.listen((businessId, event, origin) => void apply(businessId, event, origin));
    // A process that died mid-call sends no live_end: its calls go when its session has ended.
    const sweep = setInterval(async () => {
      const origins = new Set<string>();
      for (const calls of byBusiness.values())
        for (const v of calls.values()) if (v.origin) origins.add(v.origin);
      if (origins.size === 0) return;
      const gone = await share.gone([...origins]).catch(() => new Set<string>());
      for (const [businessId, calls] of [...byBusiness]) {
        for (const v of [...calls.values()]) {
          if (v.origin && gone.has(v.origin))
            apply(businessId, { type: 'live_end', callId: v.callId, reason: 'server_gone' }, v.origin);
        }
      }
    }, deps.sweepEveryMs ?? 30_000);
    sweep.unref?.();
  }

  return {
    start(call) {
      local(call.businessId, {
        type: 'live_start',
        callId: call.callId,
        from: call.from,
        startedAt: call.answeredAt.toISOString(),
      });
    },
    line(businessId, callId, line) {
      local(businessId, { type: 'live_line', callId, ...line });
    },
    bargeIn(businessId, callId, atMs, heardMs) {
      local(businessId, { type: 'live_barge_in', callId, atMs, heardMs });
    },
    end(businessId, callId, reason) {
      local(businessId, { type: 'live_end', callId, reason });
    },
    list(businessId) {
      return [...(byBusiness.get(businessId)?.values() ?? [])].map(({ origin: _o, ...v }) => ({
        ...v,
        lines: [...v.lines],
      }));
    },
    get size() {
      return size;
    },
  };
}
