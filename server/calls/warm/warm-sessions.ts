/**
 * The warm start: when Twilio's signed voice webhook arrives, the business's session (the
 * brain's instructions and tools, its settings, its cached greeting) starts loading and the
 * upstream Realtime session is opened with its `session.update` at once, so by the time
 * Twilio opens the media stream the model is ready. The stream's `start` adopts the session by
 * CallSid (in this process: Twilio opens the stream to the host that answered the webhook
 * only with one machine; with several, the call token must name the process). A session
 * nobody adopts within `idleMs` is closed, as is one whose business does not match.
 *
 * Kept apart from the call tokens on purpose: the registry knows only CallSids.
 */
import type { CallPrelude, CallServices } from '../call-services.ts';
import { type SessionConfig, sessionUpdateFrame } from '../realtime-codec.ts';
import { type CallLog, realTimers, type Timers } from '../types.ts';
import { connectUpstream, type UpstreamEnd, type UpstreamOptions } from '../upstream.ts';
import type { AdoptedUpstream } from '../upstream-link.ts';

export interface WarmCall {
  callSid: string;
  businessId: string;
  businessName: string;
}

export interface WarmSession extends AdoptedUpstream {
  prelude: Promise<CallPrelude>;
  /** Monotonic ms: the webhook, and the upstream's `session.updated` (null: not yet). */
  readonly preparedAt: number;
  readonly readyAt: number | null;
}

export interface WarmSessionsOptions {
  services: Pick<CallServices, 'prepare'>;
  realtime: { url: string; model: string; apiKey: string };
  upstream?: Partial<Pick<UpstreamOptions, 'connectTimeoutMs' | 'attempts' | 'backoffMs' | 'openSocket'>>;
  upstreamVad?: SessionConfig['vad'];
  log: CallLog;
  /** An unadopted session is closed after this long (default 8 s). */
  idleMs?: number;
  /** At most this many sessions wait at once; beyond it a webhook opens none (default 200). */
  maxWaiting?: number;
  /** Events kept for a session before its call adopts it (default 32). */
  maxEarlyEvents?: number;
  timers?: Timers;
  now?: () => number;
}

export interface WarmSessionsStats {
  opened: number;
  adopted: number;
  expired: number;
  /** Adoption refused: another business, or the session had already ended. */
  refused: number;
  /** Webhooks that opened no session because too many were waiting. */
  skipped: number;
}

export interface WarmSessions {
  /** On the signed voice webhook. Never throws; opens nothing for a CallSid already prepared. */
  prepare(call: WarmCall): void;
  /** On the stream's `start`: the call's session, once; null when there is none to adopt. */
  adopt(callSid: string, businessId: string): WarmSession | null;
  /** Closes the call's waiting session, if any (its stream ended before `start`). */
  discard(callSid: string): void;
  /** Closes every waiting session (shutdown). */
  closeAll(): void;
  readonly waiting: number;
  readonly stats: Readonly<WarmSessionsStats>;
}

interface Entry {
  call: WarmCall;
  session: WarmSession;
  timer: unknown;
  ended: UpstreamEnd | null;
}

export function createWarmSessions(o: WarmSessionsOptions): WarmSessions {
  const timers = o.timers ?? realTimers;
  const now = o.now ?? (() => performance.now());
  const idleMs = o.idleMs ?? 8000;
  const maxWaiting = o.maxWaiting ?? 200;
  const maxEarly = o.maxEarlyEvents ?? 32;
  const waiting = new Map<string, Entry>();
  const stats: WarmSessionsStats = { opened: 0, adopted: 0, expired: 0, refused: 0, skipped: 0 };

  function discard(callSid: string, entry: Entry): void {
    if (waiting.get(callSid) === entry) waiting.delete(callSid);
    timers.clearTimeout(entry.timer);
    entry.session.upstream.close();
  }

  function open(call: WarmCall): Entry {
    const prelude = o.services.prepare(call.businessId, call.businessName);
    const early: string[] = [];
    let handlers: Parameters<AdoptedUpstream['attach']>[0] | null = null;
    let readyAt: number | null = null;
    const preparedAt = now();
    const entry: Entry = { call, session: null as unknown as WarmSession, timer: null, ended: null };
    const upstream = connectUpstream({
      url: o.realtime.url,
      model: o.realtime.model,
      apiKey: o.realtime.apiKey,
      log: o.log,
      ...o.upstream,
      timers,
      initialFrames: prelude.then((p) => [sessionUpdateFrame(p.session, o.upstreamVad)]),
      onMessage(text) {
        if (readyAt === null && text.includes('"session.updated"')) readyAt = now();
        if (handlers) handlers.onMessage(text);
        else if (early.length < maxEarly) early.push(text);
      },
      onEnd(end) {
        if (handlers) handlers.onEnd(end);
        else entry.ended = end;
      },
    });
    entry.session = {
      prelude,
      upstream,
      preparedAt,
      get readyAt() {
        return readyAt;
      },
      attach(h) {
        handlers = h;
        for (const text of early.splice(0)) h.onMessage(text);
      },
    };
    return entry;
  }

  return {
    prepare(call) {
      try {
        if (waiting.has(call.callSid)) return;
        if (waiting.size >= maxWaiting) {
          stats.skipped++;
          return;
        }
        const entry = open(call);
        stats.opened++;
        waiting.set(call.callSid, entry);
        entry.timer = timers.setTimeout(() => {
          if (waiting.get(call.callSid) !== entry) return;
          stats.expired++;
          o.log.info({ callSid: call.callSid, idleMs }, 'warm start: session unused, closed');
          discard(call.callSid, entry);
        }, idleMs);
      } catch (err) {
        o.log.warn({ err: String(err), callSid: call.callSid }, 'warm start: could not open a session');
      }
    },
    adopt(callSid, businessId) {
      const entry = waiting.get(callSid);
      if (!entry) return null;
      waiting.delete(callSid);
      timers.clearTimeout(entry.timer);
      if (
        entry.call.businessId !== businessId ||
        entry.ended !== null ||
        entry.session.upstream.state === 'closed'
      ) {
        stats.refused++;
        discard(callSid, entry);
        return null;
      }
      stats.adopted++;
      return entry.session;
    },
    discard(callSid) {
      const entry = waiting.get(callSid);
      if (entry) discard(callSid, entry);
    },
    closeAll() {
      for (const [sid, entry] of [...waiting]) discard(sid, entry);
    },
    get waiting() {
      return waiting.size;
    },
    stats,
  };
}
