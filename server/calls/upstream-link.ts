/**
 * The call's link to the Realtime service across sessions. A session that drops mid-call is
 * replaced by a new one (same connect policy: timeout, attempts, backoff) whose first frames
 * re-inject the conversation so far; so is a session nearing the service's maximum length,
 * at the first quiet moment (no response in progress, caller silent) past 90 % of the limit,
 * or regardless at 98 %. Caller audio sent while the new session connects is held by it
 * (bounded) and follows its first frames, so none is lost in a planned switch.
 *
 * `onLost` fires once when no session can be had (all attempts failed, or too many drops):
 * the call has to end. After `close()`, nothing fires.
 */
import type { Timers } from './types.ts';
import { connectUpstream, type Upstream, type UpstreamEnd, type UpstreamOptions } from './upstream.ts';

export const DEFAULT_SESSION_LIMIT_MS = 60 * 60_000;

export type ReplaceReason = 'dropped' | 'session_limit';

/** A session opened before the call's stream (the warm start), handed to the call's link. */
export interface AdoptedUpstream {
  upstream: Upstream;
  /** Its events from now on; those received before are delivered first (the link is ready for them). */
  attach(handlers: { onMessage(text: string): void; onEnd(end: UpstreamEnd): void }): void;
}

export interface UpstreamLinkOptions {
  connect: Omit<UpstreamOptions, 'initialFrames' | 'onMessage' | 'onEnd' | 'timers'>;
  /**
   * The first session's frames (may still be loading). With `adopted`, the frames that follow
   * the session it already has (its `session.update` went out when it was opened).
   */
  firstFrames: readonly string[] | Promise<readonly string[]>;
  /** The first session, already open or opening (warm start); absent: one is connected now. */
  adopted?: AdoptedUpstream;
  /** A replacement session's first frames: session.update and the conversation so far. */
  resumeFrames(reason: ReplaceReason): readonly string[];
  onMessage(text: string): void;
  /** A replacement is connecting (anything sent now follows its first frames); the old session's events will not come. */
  onReplacing(reason: ReplaceReason, detail: string): void;
  onLost(end: UpstreamEnd, detail: string): void;
  /** True when switching sessions now would cut nothing short. */
  quiet(): boolean;
  timers: Timers;
  /** Monotonic ms. */
  now(): number;
  /** The service's maximum session length (default 60 minutes). */
  sessionLimitMs?: number;
  /** Replacements allowed per call after drops (default 5); planned ones are not counted. */
  maxReconnects?: number;
  /** How often to look for a quiet moment once rotation is due (default 250 ms). */
  quietPollMs?: number;
}

export interface UpstreamLinkStats {
  attempts: number;
  sent: number;
  dropped: number;
  sessions: number;
  reconnects: number;
  rotations: number;
}

export interface UpstreamLink {
  send(text: string): boolean;
  close(): void;
  readonly stats: Readonly<UpstreamLinkStats>;
}

export function createUpstreamLink(o: UpstreamLinkOptions): UpstreamLink {
  const limitMs = o.sessionLimitMs ?? DEFAULT_SESSION_LIMIT_MS;
  const maxReconnects = o.maxReconnects ?? 5;
  const pollMs = o.quietPollMs ?? 250;
  const done = { attempts: 0, sent: 0, dropped: 0 };
  const stats: UpstreamLinkStats = { ...done, sessions: 0, reconnects: 0, rotations: 0 };
  let current: Upstream | null = null;
  let rotateTimer: unknown = null;
  let closed = false;

  function retire(up: Upstream | null): void {
    if (!up) return;
    done.attempts += up.stats.attempts;
    done.sent += up.stats.sent;
    done.dropped += up.stats.dropped;
  }

  function clearRotation(): void {
    if (rotateTimer !== null) o.timers.clearTimeout(rotateTimer);
    rotateTimer = null;
  }

  function scheduleRotation(): void {
    clearRotation();
    const openedAt = o.now();
    const check = () => {
      rotateTimer = null;
      if (closed) return;
      const age = o.now() - openedAt;
      if (o.quiet() || age >= limitMs * 0.98) replace('session_limit', `session ${Math.round(age)} ms old`);
      else rotateTimer = o.timers.setTimeout(check, Math.min(pollMs, Math.max(1, limitMs * 0.98 - age)));
    };
    rotateTimer = o.timers.setTimeout(check, limitMs * 0.9);
  }

  function open(frames: readonly string[] | Promise<readonly string[]>, adopted?: AdoptedUpstream): void {
    stats.sessions++;
    let self: Upstream | null = null;
    const handlers = {
      onMessage: (text: string) => {
        if (!closed && current === self) o.onMessage(text);
      },
      onEnd: (end: UpstreamEnd) => {
        if (closed || current !== self) return;
        if (end.kind === 'unavailable') {
          lose(end, `realtime unavailable after ${end.attempts} attempts: ${end.lastError}`);
          return;
        }
        const detail = `realtime closed the session (${end.code}${end.reason ? ` ${end.reason}` : ''})`;
        if (stats.reconnects >= maxReconnects) {
          lose(end, `${detail}; gave up after ${stats.reconnects} reconnects`);
          return;
        }
        stats.reconnects++;
        replace('dropped', detail);
      },
    };
    if (adopted) {
      self = adopted.upstream;
      current = self;
      scheduleRotation();
      adopted.attach(handlers);
      const send = (list: readonly string[]) => {
        if (!closed && current === self) for (const frame of list) self?.send(frame);
      };
      if (Array.isArray(frames)) send(frames);
      else (frames as Promise<readonly string[]>).then(send, () => {});
      return;
    }
    self = connectUpstream({ ...o.connect, timers: o.timers, initialFrames: frames, ...handlers });
    current = self;
    scheduleRotation();
  }

  function lose(end: UpstreamEnd, detail: string): void {
    clearRotation();
    retire(current);
    current = null;
    closed = true;
    o.onLost(end, detail);
  }

  function replace(reason: ReplaceReason, detail: string): void {
    if (reason === 'session_limit') stats.rotations++;
    const old = current;
    current = null;
    retire(old);
    old?.close();
    // Opened first, so what `onReplacing` sends is held by the new session, after its first frames.
    open(o.resumeFrames(reason));
    o.onReplacing(reason, detail);
  }

  open(o.firstFrames, o.adopted);

  return {
    send(text) {
      if (current === null) {
        done.dropped++;
        return false;
      }
      return current.send(text);
    },
    close() {
      if (closed) return;
      closed = true;
      clearRotation();
      retire(current);
      current?.close();
      current = null;
    },
    get stats() {
      const live = current?.stats;
      stats.attempts = done.attempts + (live?.attempts ?? 0);
      stats.sent = done.sent + (live?.sent ?? 0);
      stats.dropped = done.dropped + (live?.dropped ?? 0);
      return stats;
    },
  };
}
