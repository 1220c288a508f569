/**
 * The chat-completions port the text agent and the date fallback use: one request, with
 * an explicit timeout per attempt and retries on transient failures. The `openai` client
 * is built with its own retries off, so the policy here is the only one.
 */
import OpenAI from 'openai';
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
} from 'openai/resources/chat/completions';
import type { Embedder } from '../faq/lookup';
import { DEFAULT_RETRY, type RetryDeps, type RetryPolicy, withRetry } from './retry';

export interface ChatModel {
  complete(params: ChatCompletionCreateParamsNonStreaming): Promise<ChatCompletion>;
}

export interface ChatModelOptions {
  client: OpenAI;
  /** Per attempt. */
  timeoutMs: number;
  retry?: RetryPolicy;
  retryDeps?: RetryDeps;
}

/** No I/O until the first request. */
export function createOpenAiClient(opts: { baseUrl: string; apiKey: string; fetch?: typeof fetch }): OpenAI {
  return new OpenAI({ baseURL: opts.baseUrl, apiKey: opts.apiKey, maxRetries: 0, fetch: opts.fetch });
}

export function createChatModel(opts: ChatModelOptions): ChatModel {
  return {
    complete: (params) =>
      withRetry(
        () => opts.client.chat.completions.create(params, { timeout: opts.timeoutMs, maxRetries: 0 }),
        opts.retry ?? DEFAULT_RETRY,
        opts.retryDeps,
      ),
  };
}

/** Embeddings through the same client: one request, no retries (callers fall back instead). */
export function createOpenAiEmbedder(opts: { client: OpenAI; model: string; timeoutMs: number }): Embedder {
  return {
    async embed(texts) {
      const res = await opts.client.embeddings.create(
        { model: opts.model, input: texts },
        { timeout: opts.timeoutMs, maxRetries: 0 },
      );
      return res.data.sort((a, b) => a.index - b.index).map((d) => Float32Array.from(d.embedding));
    },
  };
}
