/**
 * One call's WebSocket to the OpenAI Realtime API: connect with an explicit timeout and a
 * few attempts with backoff, send the session frames first, hold what the call sends while
 * connecting (bounded), and report exactly once how it ended. Nothing here throws into the
 * call: every socket error becomes a logged attempt failure or an `onEnd`.
 */
import { BunWebSocket } from '../lib/bun-websocket.ts';
import { realTimers, type Timers } from './types.ts';

export type UpstreamEnd =
  | { kind: 'unavailable'; attempts: number; lastError: string }
  | { kind: 'closed'; code: number; reason: string };

export type OpenSocket = (url: string, headers: Record<string, string>) => WebSocket;

export interface UpstreamOptions {
  url: string;
  model: string;
  apiKey: string;
  /**
   * Sent first, in order, on the connection that opens (session.update, the greeting). A
   * promise (the business's session still loading) holds every other frame until it
   * resolves; a rejected one ends the upstream as unavailable.
   */
  initialFrames: readonly string[] | Promise<readonly string[]>;
  onMessage(text: string): void;
  /** Called once, unless `close()` came first: all attempts failed, or the open socket closed. */
  onEnd(end: UpstreamEnd): void;
  log: { warn(fields: Record<string, unknown>, message: string): void };
  connectTimeoutMs?: number;
  attempts?: number;
  /** Wait before attempt n+1 is `backoffMs * 2^(n-1)`. */
  backoffMs?: number;
  /** Frames held while connecting; beyond it the oldest are dropped (and counted). */
  maxQueuedFrames?: number;
  /** Past this many bytes buffered on the socket, frames are dropped (and counted). */
  maxBufferedBytes?: number;
  openSocket?: OpenSocket;
  timers?: Timers;
}

export interface UpstreamStats {
  attempts: number;
  sent: number;
  dropped: number;
}

export interface Upstream {
  /** Sends now, or holds the frame until the connection opens; false when it was dropped. */
  send(text: string): boolean;
  /** Ends the session (the call is over); no `onEnd` follows. */
  close(): void;
  readonly state: 'connecting' | 'open' | 'closed';
  readonly stats: Readonly<UpstreamStats>;
}

const defaultOpen: OpenSocket = (url, headers) => new BunWebSocket(url, { headers });

export function connectUpstream(o: UpstreamOptions): Upstream {
  const maxAttempts = o.attempts ?? 3;
  const timeoutMs = o.connectTimeoutMs ?? 5000;
  const backoffMs = o.backoffMs ?? 250;
  const maxQueued = o.maxQueuedFrames ?? 250; // 5 s of 20 ms caller frames
  const maxBuffered = o.maxBufferedBytes ?? 1 << 20;
  const open = o.openSocket ?? defaultOpen;
  const timers = o.timers ?? realTimers;
  const target = new URL(o.url);
  target.searchParams.set('model', o.model);
  const headers = { Authorization: `Bearer ${o.apiKey}` };

  let state: Upstream['state'] = 'connecting';
  let socket: WebSocket | null = null;
  let timer: unknown = null;
  let queue: string[] = [];
  const stats: UpstreamStats = { attempts: 0, sent: 0, dropped: 0 };

  function end(result: UpstreamEnd): void {
    if (state === 'closed') return;
    state = 'closed';
    queue = [];
    o.onEnd(result);
  }

  function transmit(ws: WebSocket, text: string): boolean {
    if (ws.readyState !== WebSocket.OPEN || ws.bufferedAmount > maxBuffered) {
      stats.dropped++;
      return false;
    }
    ws.send(text);
    stats.sent++;
    return true;
  }

  function attempt(): void {
    timer = null;
    if (state !== 'connecting') return;
    stats.attempts++;
    const n = stats.attempts;
    let failed = false;
    let ws: WebSocket;
    const fail = (why: string) => {
      if (failed || state !== 'connecting') return;
      failed = true;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      socket = null;
      try {
        ws.close();
      } catch {}
      o.log.warn({ attempt: n, of: maxAttempts, why }, 'realtime: connection attempt failed');
      if (n >= maxAttempts) end({ kind: 'unavailable', attempts: n, lastError: why });
      else timer = timers.setTimeout(attempt, backoffMs * 2 ** (n - 1));
    };
    try {
      ws = open(target.toString(), headers);
    } catch (err) {
      ws = { close() {} } as unknown as WebSocket;
      fail(err instanceof Error ? err.message : String(err));
      return;
    }
    socket = ws;
    timer = timers.setTimeout(() => fail(`no connection within ${timeoutMs} ms`), timeoutMs);
    ws.addEventListener('open', () => {
      if (failed || state !== 'connecting') return;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      const go = (frames: readonly string[]) => {
        if (failed || state !== 'connecting' || socket !== ws) return;
        state = 'open';
        for (const frame of frames) transmit(ws, frame);
        const held = queue;
        queue = [];
        for (const frame of held) transmit(ws, frame);
      };
      const initial = o.initialFrames;
      if (Array.isArray(initial)) go(initial);
      else
        (initial as Promise<readonly string[]>).then(go, (err) => {
          if (state !== 'connecting') return;
          try {
            ws.close();
          } catch {}
          end({ kind: 'unavailable', attempts: n, lastError: `session setup failed: ${String(err)}` });
        });
    });
    ws.addEventListener('message', (e) => {
      if (state === 'open' && socket === ws)
        o.onMessage(typeof e.data === 'string' ? e.data : String(e.data));
    });
    ws.addEventListener('error', (e) => fail((e as ErrorEvent).message || 'connection error'));
    ws.addEventListener('close', (e) => {
      if (state === 'connecting') fail(`closed ${e.code} ${e.reason}`.trim());
      else if (socket === ws) end({ kind: 'closed', code: e.code, reason: e.reason });
    });
  }

  attempt();

  return {
    send(text) {
      if (state === 'open' && socket !== null) return transmit(socket, text);
      if (state === 'closed') {
        stats.dropped++;
        return false;
      }
      queue.push(text);
      if (queue.length > maxQueued) {
        queue.shift();
        stats.dropped++;
      }
      return true;
    },
    close() {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      const ws = socket;
      socket = null;
      state = 'closed';
      queue = [];
      try {
        ws?.close(1000, 'call ended');
      } catch {}
    },
    get state() {
      return state;
    },
    stats,
  };
}
