/**
 * `GET /ws/twilio`: the media-stream WebSocket, served by `Bun.serve` itself (the upgrade is
 * handled in `fetch` before Hono sees the request). The upgrade must carry Twilio's signature
 * over our public `wss://` URL; each accepted socket gets one `CallSession`. Live calls are
 * tracked here so shutdown can let them finish.
 */
import type { Server, ServerWebSocket, WebSocketHandler } from 'bun';
import { type CallSession, type CallSessionDeps, createCallSession } from './call-session.ts';
import type { CallSummary } from './call-session-types.ts';
import { isTwilioSignatureValid, publicStreamUrl, STREAM_PATH } from './twilio-signature.ts';

/** Largest message accepted from Twilio: a 20 ms media frame is ~300 bytes of JSON. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

export interface TwilioStreamDeps extends Omit<CallSessionDeps, 'onEnd' | 'onSettled'> {
  authToken: string;
  publicBaseUrl: string;
  /** Every ended call's summary, once its record was written (tests, metrics). */
  onCallEnd?(summary: CallSummary): void;
}

export interface StreamSocketData {
  session: CallSession | null;
}

export interface LiveCalls {
  readonly size: number;
  sessions(): CallSession[];
  /** Resolves true once no call is live, or false after `timeoutMs`. */
  whenIdle(timeoutMs: number): Promise<boolean>;
  /** Ends every live call (their records are still written; see `whenIdle`). */
  endAll(reason: string): void;
}

export interface TwilioStream {
  /** `undefined`: upgraded; a Response: refused; `null`: not this route (pass it on to Hono). */
  upgrade(req: Request, server: Server<StreamSocketData>): Response | undefined | null;
  websocket: WebSocketHandler<StreamSocketData>;
  calls: LiveCalls;
}

export function createTwilioStream(deps: TwilioStreamDeps): TwilioStream {
  const signedUrl = publicStreamUrl(deps.publicBaseUrl);
  const live = new Set<CallSession>();
  const idleWaiters = new Set<() => void>();

  function forget(session: CallSession): void {
    live.delete(session);
    if (live.size === 0) for (const wake of idleWaiters) wake();
  }

  /** A bug in one call's handling ends that call, never the process. */
  function guarded(ws: ServerWebSocket<StreamSocketData>, what: string, fn: (s: CallSession) => void): void {
    const session = ws.data.session;
    if (session === null) return;
    try {
      fn(session);
    } catch (err) {
      deps.log.warn({ err: String(err), what, callSid: session.callSid }, 'call failed');
      session.end(`internal error in ${what}`, 1011);
    }
  }

  return {
    upgrade(req, server) {
      if (new URL(req.url).pathname !== STREAM_PATH) return null;
      if (!isTwilioSignatureValid(deps.authToken, req.headers.get('x-twilio-signature'), signedUrl, {})) {
        deps.log.warn({ url: signedUrl }, 'twilio stream: upgrade refused, bad or missing signature');
        return new Response('Forbidden', { status: 403 });
      }
      if (server.upgrade(req, { data: { session: null } })) return undefined;
      return new Response('Expected a WebSocket upgrade', { status: 426 });
    },
    websocket: {
      maxPayloadLength: MAX_MESSAGE_BYTES,
      open(ws) {
        const session = createCallSession(
          { send: (text) => ws.send(text), close: (code, reason) => ws.close(code, reason) },
          {
            ...deps,
            // A call counts as live until its record is written: shutdown waits for both.
            onSettled(summary) {
              forget(session);
              deps.onCallEnd?.(summary);
            },
          },
        );
        ws.data.session = session;
        live.add(session);
      },
      message(ws, message) {
        guarded(ws, 'message', (s) => s.receive(message));
      },
      drain(ws) {
        guarded(ws, 'drain', (s) => s.drain());
      },
      close(ws, code, reason) {
        guarded(ws, 'close', (s) => s.socketClosed(code, reason));
      },
    },
    calls: {
      get size() {
        return live.size;
      },
      sessions: () => [...live],
      whenIdle(timeoutMs) {
        if (live.size === 0) return Promise.resolve(true);
        return new Promise((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            idleWaiters.delete(wake);
            resolve(true);
          };
          const timer = setTimeout(() => {
            idleWaiters.delete(wake);
            resolve(false);
          }, timeoutMs);
          idleWaiters.add(wake);
        });
      },
      endAll(reason) {
        for (const session of [...live]) session.end(reason, 1001);
      },
    },
  };
}
