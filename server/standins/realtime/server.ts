import { resolve } from 'node:path';
import type { ServerWebSocket } from 'bun';
import { type Clock, createRealClock, type TimerHandle } from '../clock.ts';
import { createIds } from './events.ts';
import type { SessionRecord } from './record.ts';
import { DEFAULT_PACING, type Pacing } from './responder.ts';
import {
  type LoadedScript,
  loadRealtimeScript,
  loadRealtimeScriptFile,
  type RealtimeScript,
} from './script.ts';
import { createRealtimeSession, type RealtimeSession } from './session.ts';
import type { SpeechDetectorConfig } from './speech-detector.ts';

export const EXAMPLE_SCRIPT_PATH = resolve(import.meta.dir, 'example-script.json');

export interface RealtimeStandinOptions {
  /** A script object, a path to a JSON script, or an already loaded script. Default: example-script.json. */
  script?: RealtimeScript | string | LoadedScript;
  /** Where script audio names resolve. Default: server/calls/fixtures. */
  fixturesDir?: string;
  /** Default 0 (any free port). */
  port?: number;
  hostname?: string;
  /** The key expected in `Authorization: Bearer …`; when absent any non-empty key is accepted. */
  apiKey?: string;
  pacing?: Partial<Pacing>;
  vad?: Partial<Pick<SpeechDetectorConfig, 'thresholdDb' | 'minSpeechMs'>> & {
    /** Delay before speech_started/speech_stopped are sent, as the service's own latency. Default 100. */
    eventDelayMs?: number;
  };
  failures?: {
    /** Answer the first N upgrade attempts with `refuseStatus` (default 503), to exercise retries. */
    refuseConnections?: number;
    refuseStatus?: number;
    /** Cut each of the first `dropConnections` (default: all) connections this long after it opens, without a close frame. */
    dropAfterMs?: number;
    dropConnections?: number;
    /** Refuse `conversation.item.truncate` at 0 ms, as some service versions do. */
    rejectZeroTruncate?: boolean;
    /** End sessions after this long, like the service's maximum session duration. */
    maxSessionMs?: number;
  };
  /** Keep every appended audio byte for inspection (default true; turn off for long demos). */
  keepInputAudio?: boolean;
  /** Told of every appended chunk as it arrives (a benchmark's inbound timing). */
  onInputAudio?: (sessionId: string, bytes: number) => void;
  clock?: Clock;
}

export interface RealtimeStandin {
  /** `ws://127.0.0.1:PORT/v1/realtime`; clients add `?model=`. */
  url: string;
  port: number;
  /** One record per accepted connection, in connection order; live (updated as events flow). */
  sessions: SessionRecord[];
  /** Upgrade attempts seen, and how many were refused by failure injection. */
  attempts: { total: number; refused: number };
  stop(): Promise<void>;
}

interface SocketData {
  model: string;
  session?: RealtimeSession;
  dropTimer?: TimerHandle;
}

const json = (status: number, message: string, type: string, code: string | null) =>
  Response.json({ error: { message, type, code, param: null } }, { status });

/**
 * Starts a local server speaking the OpenAI Realtime GA WebSocket protocol at
 * `/v1/realtime`, answering from a script with real speech from the fixtures.
 * Production code reaches it exactly as it reaches the service: through the base URL,
 * with `Authorization: Bearer <key>` and `?model=`.
 */
export async function startRealtimeStandin(opts: RealtimeStandinOptions = {}): Promise<RealtimeStandin> {
  const script = await resolveScript(opts.script ?? EXAMPLE_SCRIPT_PATH, opts.fixturesDir);
  const clock = opts.clock ?? createRealClock();
  const failures = opts.failures ?? {};
  const pacing: Pacing = { ...DEFAULT_PACING, ...opts.pacing };
  const ids = createIds();
  const sessions: SessionRecord[] = [];
  const attempts = { total: 0, refused: 0 };
  const open = new Set<ServerWebSocket<SocketData>>();
  let accepted = 0;

  const server = Bun.serve({
    port: opts.port ?? 0,
    hostname: opts.hostname ?? '127.0.0.1',
    fetch(req, srv) {
      const url = new URL(req.url);
      if (url.pathname !== '/v1/realtime')
        return json(404, `No route for ${url.pathname}`, 'invalid_request_error', null);
      attempts.total++;
      if (attempts.refused < (failures.refuseConnections ?? 0)) {
        attempts.refused++;
        return json(failures.refuseStatus ?? 503, 'The server is overloaded.', 'server_error', null);
      }
      const auth = req.headers.get('authorization') ?? '';
      const key = /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim();
      if (!key || (opts.apiKey !== undefined && key !== opts.apiKey))
        return json(401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
      const model = url.searchParams.get('model');
      if (!model)
        return json(
          400,
          "Missing required parameter: 'model'.",
          'invalid_request_error',
          'missing_required_parameter',
        );
      if (/realtime=v1/.test(req.headers.get('openai-beta') ?? ''))
        return json(
          400,
          'This stand-in speaks the GA protocol only; drop the OpenAI-Beta: realtime=v1 header.',
          'invalid_request_error',
          null,
        );
      if (srv.upgrade(req, { data: { model } })) return undefined;
      return json(426, 'Expected a WebSocket upgrade.', 'invalid_request_error', null);
    },
    websocket: {
      data: {} as SocketData,
      open(ws) {
        open.add(ws);
        const session = createRealtimeSession(ws.data.model, {
          script,
          clock,
          ids,
          pacing,
          vad: { thresholdDb: opts.vad?.thresholdDb, minSpeechMs: opts.vad?.minSpeechMs },
          speechEventDelayMs: opts.vad?.eventDelayMs ?? 100,
          rejectZeroTruncate: failures.rejectZeroTruncate ?? false,
          keepInputAudio: opts.keepInputAudio ?? true,
          onInputAudio: opts.onInputAudio,
          maxSessionMs: failures.maxSessionMs ?? null,
          send: (text) => {
            ws.send(text);
          },
          close: (code, reason) => ws.close(code, reason),
        });
        ws.data.session = session;
        sessions.push(session.record);
        session.open();
        if (
          failures.dropAfterMs !== undefined &&
          accepted < (failures.dropConnections ?? Number.POSITIVE_INFINITY)
        ) {
          ws.data.dropTimer = clock.setTimeout(() => ws.terminate(), failures.dropAfterMs);
        }
        accepted++;
      },
      message(ws, message) {
        ws.data.session?.receive(typeof message === 'string' ? message : new TextDecoder().decode(message));
      },
      close(ws, code) {
        open.delete(ws);
        if (ws.data.dropTimer !== undefined) clock.clearTimeout(ws.data.dropTimer);
        const session = ws.data.session;
        if (!session) return;
        session.dispose();
        session.record.closedAt = clock.now();
        session.record.closeCode = code;
      },
    },
  });

  const port = server.port as number;
  return {
    url: `ws://${server.hostname}:${port}/v1/realtime`,
    port,
    sessions,
    attempts,
    async stop() {
      for (const ws of open) ws.close(1001, 'stand-in stopping');
      await server.stop(true);
    },
  };
}

async function resolveScript(
  script: RealtimeScript | string | LoadedScript,
  fixturesDir?: string,
): Promise<LoadedScript> {
  if (typeof script === 'string') return loadRealtimeScriptFile(script, fixturesDir);
  if ('loaded' in script) return script;
  return loadRealtimeScript(script, fixturesDir);
}
