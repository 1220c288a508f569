/**
 * Builds the brain from the configuration: the composition root's one call. The OpenAI
 * client does no I/O until the first request, so a server without a key still starts
 * (its WhatsApp replies then fail over to the fallback text, and the logs say why).
 */
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { Logger } from '../lib/logger';
import { type Brain, createBrain } from './brain';
import { createChatModel, createOpenAiClient, createOpenAiEmbedder } from './text/model';

/** Per model request: a WhatsApp customer waits for the reply, retries included. */
export const CHAT_TIMEOUT_MS = 20_000;
/** One embedding of a customer's question on the FAQ fast path; past it, thresholds confirm. */
export const EMBEDDING_TIMEOUT_MS = 3_000;

export function createBrainFromConfig(deps: {
  config: Pick<Config, 'openai' | 'faqEmbeddings'>;
  db: Database;
  log: Logger;
  /** Overrides the configured URL and key (the in-process stand-in in development). */
  standin?: { baseUrl: string; apiKey: string };
}): Brain {
  const { openai } = deps.config;
  const client = createOpenAiClient({
    baseUrl: deps.standin?.baseUrl ?? openai.baseUrl,
    apiKey: deps.standin?.apiKey ?? openai.apiKey ?? 'missing-openai-api-key',
  });
  const embeddings = deps.standin ? undefined : deps.config.faqEmbeddings;
  return createBrain({
    db: deps.db,
    log: deps.log,
    faq: embeddings && {
      embedder: createOpenAiEmbedder({ client, model: embeddings.model, timeoutMs: EMBEDDING_TIMEOUT_MS }),
      confirmation: { minSimilarity: embeddings.minSimilarity },
    },
    chat: {
      model: createChatModel({ client, timeoutMs: CHAT_TIMEOUT_MS }),
      modelName: openai.chatModel,
      dateModelName: openai.dateModel,
    },
  });
}
