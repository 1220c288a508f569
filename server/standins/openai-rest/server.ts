import { createHash } from 'node:crypto';
import type { Transcription } from 'openai/resources/audio/transcriptions';
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { CreateEmbeddingResponse } from 'openai/resources/embeddings';
import { loadUlaw } from '../fixtures.ts';
import { type ChatScript, createChatResponder } from './script.ts';
import { DEFAULT_DIMENSIONS, trigramVector } from './vectors.ts';
import { loadVoiceNoteTranscripts } from './voice-notes.ts';
import { ulawWav } from './wav.ts';

export interface OpenAiRestStandinOptions {
  /** Chat completions script (see script.ts); default: the fallback reply only. */
  script?: ChatScript;
  /** The key expected in `Authorization: Bearer …`; when absent any non-empty key is accepted. */
  apiKey?: string;
  /** What every transcription returns. */
  transcript?: string;
  /** The μ-law fixture /v1/audio/speech answers with (name or path). Default: assistant-greeting. */
  speechFixture?: string;
  /** Default 0 (any free port). */
  port?: number;
  hostname?: string;
  /**
   * The first `count` requests under /v1 fail: answered with `status` (default 500), or,
   * with `delayMs`, answered normally but that late (to exercise client timeouts).
   */
  failures?: { count: number; status?: number; delayMs?: number; retryAfterMs?: number };
}

export interface RecordedRequest {
  path: string;
  /** The parsed JSON body (or, for multipart, the form fields other than files). */
  body: unknown;
  /** The status answered. */
  status: number;
}

export interface OpenAiRestStandin {
  /** `http://127.0.0.1:PORT/v1`: the `baseURL` for the `openai` client. */
  baseUrl: string;
  port: number;
  /** Every request, in arrival order. */
  requests: RecordedRequest[];
  stop(): Promise<void>;
}

const error = (status: number, message: string, type: string, code: string | null, headers = {}) =>
  Response.json({ error: { message, type, param: null, code } }, { status, headers });

/**
 * Starts a local server speaking the OpenAI REST API the assistant uses: chat completions
 * (with tool calls and structured output, from a script), embeddings, transcription and
 * speech. Production code reaches it exactly as it reaches the service: through the base
 * URL, with `Authorization: Bearer <key>`.
 */
export async function startOpenAiRestStandin(
  opts: OpenAiRestStandinOptions = {},
): Promise<OpenAiRestStandin> {
  const chat = createChatResponder(opts.script);
  const speech = ulawWav(await loadUlaw(opts.speechFixture ?? 'assistant-greeting'));
  const requests: RecordedRequest[] = [];
  const fixtureTranscripts = await loadVoiceNoteTranscripts();
  let failed = 0;

  const handle = async (req: Request, path: string, record: RecordedRequest): Promise<Response> => {
    if (req.method !== 'POST')
      return error(405, `Method ${req.method} not allowed`, 'invalid_request_error', null);
    if (path === '/v1/audio/transcriptions') {
      const form = await req.formData();
      const file = form.get('file');
      record.body = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string'));
      if (!(file instanceof Blob) || !form.get('model'))
        return error(400, "Missing required parameter: 'file' or 'model'.", 'invalid_request_error', null);
      // A committed voice-note fixture is transcribed as the words it speaks.
      const known = fixtureTranscripts.get(
        createHash('sha256')
          .update(new Uint8Array(await file.arrayBuffer()))
          .digest('hex'),
      );
      const text = known ?? opts.transcript ?? 'שלום, אני רוצה לקבוע תור';
      if (form.get('response_format') === 'text') return new Response(text);
      const body: Transcription = { text };
      return Response.json(body);
    }
    let body: Record<string, unknown>;
    try {
      body = (await req.json()) as Record<string, unknown>;
    } catch {
      return error(400, 'We could not parse the JSON body of your request.', 'invalid_request_error', null);
    }
    record.body = body;
    if (typeof body.model !== 'string')
      return error(400, "Missing required parameter: 'model'.", 'invalid_request_error', null);
    if (path === '/v1/chat/completions') {
      if (!Array.isArray(body.messages) || body.messages.length === 0)
        return error(400, "Missing required parameter: 'messages'.", 'invalid_request_error', null);
      if (body.stream) return error(400, 'The stand-in does not stream.', 'invalid_request_error', null);
      return Response.json(chat.answer(body as unknown as ChatCompletionCreateParams));
    }
    if (path === '/v1/embeddings') {
      const input = typeof body.input === 'string' ? [body.input] : body.input;
      if (!Array.isArray(input) || !input.every((s) => typeof s === 'string'))
        return error(400, "'input' must be a string or an array of strings.", 'invalid_request_error', null);
      const dims = typeof body.dimensions === 'number' ? body.dimensions : DEFAULT_DIMENSIONS;
      const response: CreateEmbeddingResponse = {
        object: 'list',
        model: body.model,
        data: input.map((text, index) => ({
          object: 'embedding',
          index,
          embedding: trigramVector(text, dims),
        })),
        usage: { prompt_tokens: input.join('').length, total_tokens: input.join('').length },
      };
      return Response.json(response);
    }
    if (path === '/v1/audio/speech') {
      if (typeof body.input !== 'string' || typeof body.voice !== 'string')
        return error(400, "Missing required parameter: 'input' or 'voice'.", 'invalid_request_error', null);
      // Always the same fixture, as WAV (μ-law): real speech, whatever format was asked for.
      return new Response(speech, { headers: { 'content-type': 'audio/wav' } });
    }
    return error(404, `Invalid URL (POST ${path})`, 'invalid_request_error', null);
  };

  const server = Bun.serve({
    port: opts.port ?? 0,
    hostname: opts.hostname ?? '127.0.0.1',
    async fetch(req) {
      const path = new URL(req.url).pathname;
      const record: RecordedRequest = { path, body: null, status: 0 };
      requests.push(record);
      const respond = (res: Response) => {
        record.status = res.status;
        return res;
      };
      const key = /^Bearer\s+(.+)$/i.exec(req.headers.get('authorization') ?? '')?.[1]?.trim();
      if (!key || (opts.apiKey !== undefined && key !== opts.apiKey))
        return respond(error(401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'));
      const f = opts.failures;
      if (f && failed < f.count) {
        failed++;
        if (f.delayMs !== undefined) await Bun.sleep(f.delayMs);
        else {
          const status = f.status ?? 500;
          const headers = f.retryAfterMs === undefined ? {} : { 'retry-after-ms': String(f.retryAfterMs) };
          return respond(
            status === 429
              ? error(429, 'Rate limit reached.', 'requests', 'rate_limit_exceeded', headers)
              : error(
                  status,
                  'The server had an error processing your request.',
                  'server_error',
                  null,
                  headers,
                ),
          );
        }
      }
      return respond(await handle(req, path, record));
    },
  });
  const port = server.port as number;
  return {
    baseUrl: `http://${server.hostname}:${port}/v1`,
    port,
    requests,
    async stop() {
      await server.stop(true);
    },
  };
}
