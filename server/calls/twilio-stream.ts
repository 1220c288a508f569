/**
 * `GET /ws/twilio/<token>`: the media-stream WebSocket, served by `Bun.serve` itself (the
 * upgrade is handled in `fetch` before Hono sees the request). The upgrade must carry
 * Twilio's signature over our public `wss://` URL with its token, and the token must redeem
 * (call-token.ts) before the socket is accepted; each accepted socket gets one `CallSession`
 * for that call. Live calls are tracked here so shutdown can let them finish.
 */
import type { Server, ServerWebSocket, WebSocketHandler } from 'bun';
import { type CallSession, type CallSessionDeps, createCallSession } from './call-session.ts';
import type { CallSummary } from './call-session-types.ts';
import type { CallContext, CallTokens } from './call-token.ts';
import { isTwilioSignatureValid, publicStreamUrl, STREAM_PATH } from './twilio-signature.ts';

/** Largest message accepted from Twilio: a 20 ms media frame is ~300 bytes of JSON. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

export interface TwilioStreamDeps extends Omit<CallSessionDeps, 'onEnd' | 'onSettled'> {
  authToken: string;
  publicBaseUrl: string;
  tokens: CallTokens;
  /** Every ended call's summary, once its record was written (tests, metrics). */
  onCallEnd?(summary: CallSummary): void;
}

export interface StreamSocketData {
  /** The call its token opened (redeemed before the upgrade). */
  call: CallContext;
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
  /**
   * `null` (at once): not this route, pass it on to Hono. Otherwise resolves `undefined` once
   * upgraded, or the refusal (403 bad signature or token, 503 database unreachable).
   */
  upgrade(req: Request, server: Server<StreamSocketData>): Promise<Response | undefined> | null;
  websocket: WebSocketHandler<StreamSocketData>;
  calls: LiveCalls;
}

export function createTwilioStream(deps: TwilioStreamDeps): TwilioStream {
  const streamUrl = publicStreamUrl(deps.publicBaseUrl);
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

  async function accept(
    req: Request,
    server: Server<StreamSocketData>,
    token: string,
  ): Promise<Response | undefined> {
    const url = token ? `${streamUrl}/${encodeURIComponent(token)}` : streamUrl;
    if (!isTwilioSignatureValid(deps.authToken, req.headers.get('x-twilio-signature'), url, {})) {
      deps.log.warn({ url: streamUrl }, 'twilio stream: upgrade refused, bad or missing signature');
      return new Response('Forbidden', { status: 403 });
    }
    // Checked before the token is spent: a request that cannot become a socket burns nothing.
    if (req.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
      return new Response('Expected a WebSocket upgrade', { status: 426 });
    }
    let redeemed: Awaited<ReturnType<CallTokens['redeem']>>;
    try {
      redeemed = await deps.tokens.redeem(token);
    } catch (err) {
      deps.log.warn({ err: String(err) }, 'twilio stream: upgrade refused, call token not checked');
      return new Response('Service Unavailable', { status: 503, headers: { 'Retry-After': '1' } });
    }
    if (!redeemed.ok) {
      deps.log.warn({ reason: redeemed.reason }, 'twilio stream: upgrade refused, call token');
      return new Response('Forbidden', { status: 403 });
    }
    if (server.upgrade(req, { data: { call: redeemed.call, session: null } })) return undefined;
    return new Response('Expected a WebSocket upgrade', { status: 426 });
  }

  return {
    upgrade(req, server) {
      const { pathname } = new URL(req.url);
      if (pathname !== STREAM_PATH && !pathname.startsWith(`${STREAM_PATH}/`)) return null;
      return accept(req, server, decodeURIComponent(pathname.slice(STREAM_PATH.length + 1)));
    },
    websocket: {
      maxPayloadLength: MAX_MESSAGE_BYTES,
      open(ws) {
        const session = createCallSession(
          { send: (text) => ws.send(text), close: (code, reason) => ws.close(code, reason) },
          ws.data.call,
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
