/**
 * The FAQ answer for a question, in two steps: the lexical matcher picks the candidates and
 * proposes a confident one; that proposal is then confirmed by embedding similarity when an
 * embedder is configured (the cosine between the question and the FAQ's own question must
 * reach `minSimilarity`), and by the matcher's thresholds alone otherwise. An embedding
 * failure falls back to the thresholds: a slow or broken embeddings API never blocks an answer.
 */
import type { FaqChannel, FaqEntry, FaqIndex, FaqMatch } from './match';
import { matchFaq } from './match';

export interface Embedder {
  /** One unit-length-or-not vector per text, in order. */
  embed(texts: string[]): Promise<Float32Array[]>;
}

export interface FaqConfirmation {
  /**
   * Cosine similarity between the question and the FAQ's question needed to confirm. Tuned
   * for OpenAI's text-embedding-3 models, where a paraphrase of a short Hebrew question lands
   * well above 0.5 and an unrelated one near 0.2–0.35; configurable per deployment.
   */
  minSimilarity: number;
}
export const DEFAULT_FAQ_CONFIRMATION: FaqConfirmation = { minSimilarity: 0.5 };

export interface FaqAnswer {
  entry: FaqEntry;
  match: FaqMatch;
  confirmedBy: 'embedding' | 'thresholds';
  /** Present when confirmed by embedding. */
  similarity?: number;
}

export interface FaqLookup {
  readonly index: FaqIndex;
  /** The confirmed answer, or null when no FAQ answers the question with confidence. */
  find(question: string, channel: FaqChannel): Promise<FaqAnswer | null>;
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length && i < b.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * Embeds every FAQ question once (at agent compile time). Resolves to undefined when there
 * is no embedder or the API fails, which means "confirm by thresholds".
 */
export async function embedFaqQuestions(
  embedder: Embedder | undefined,
  entries: readonly FaqEntry[],
  onError?: (err: unknown) => void,
): Promise<Map<string, Float32Array> | undefined> {
  if (!embedder || entries.length === 0) return undefined;
  try {
    const vectors = await embedder.embed(entries.map((e) => e.question));
    return new Map(entries.map((e, i) => [e.id, vectors[i] ?? new Float32Array()]));
  } catch (err) {
    onError?.(err);
    return undefined;
  }
}

export function createFaqLookup(opts: {
  index: FaqIndex;
  vectors?: Map<string, Float32Array>;
  embedder?: Embedder;
  confirmation?: FaqConfirmation;
  onError?: (err: unknown) => void;
}): FaqLookup {
  const { minSimilarity } = opts.confirmation ?? DEFAULT_FAQ_CONFIRMATION;
  return {
    index: opts.index,
    async find(question, channel) {
      const [top] = matchFaq(opts.index, question, { channel, limit: 2 });
      if (!top?.confident) return null;
      const target = opts.vectors?.get(top.entry.id);
      if (!opts.embedder || !target) return { entry: top.entry, match: top, confirmedBy: 'thresholds' };
      let query: Float32Array | undefined;
      try {
        [query] = await opts.embedder.embed([question]);
      } catch (err) {
        opts.onError?.(err);
      }
      if (!query) return { entry: top.entry, match: top, confirmedBy: 'thresholds' };
      const similarity = cosine(query, target);
      if (similarity < minSimilarity) return null;
      return { entry: top.entry, match: top, confirmedBy: 'embedding', similarity };
    },
  };
}
