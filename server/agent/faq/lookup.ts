/**
 * The FAQ answer for a question, in two walls: the precision rule (match.ts, rule.ts) must
 * let an FAQ answer it; then, when an embedder is configured, the cosine between the
 * question and the FAQ's own question must reach `minSimilarity` (chosen on the evaluation
 * set by scripts/faq-threshold.ts). The second wall can only refuse: without a key, or when
 * the embeddings API fails or is slow, the rule alone decides, and it holds the precision on
 * its own. Whatever is refused goes to the model with the candidates as context.
 */
import type { FaqCandidate, FaqChannel, FaqDecision, FaqEntry, FaqIndex, FaqOutcome } from './match';
import { decideFaq } from './match';

export interface Embedder {
  /** One unit-length-or-not vector per text, in order. */
  embed(texts: string[]): Promise<Float32Array[]>;
}

export interface FaqConfirmation {
  /** Cosine similarity between the question and the FAQ's question needed to answer from it. */
  minSimilarity: number;
}
/**
 * Not yet chosen on data (no key was at hand where this was written): scripts/faq-threshold.ts
 * prints the value that keeps every wrong answer of the tuning part out, to set in
 * FAQ_EMBEDDING_MIN_SIMILARITY. A threshold too high costs answers, never precision.
 */
export const DEFAULT_FAQ_CONFIRMATION: FaqConfirmation = { minSimilarity: 0.4 };

export interface FaqAnswer {
  entry: FaqEntry;
  confirmedBy: 'embedding' | 'rule';
  /** Present when confirmed by embedding. */
  similarity?: number;
}

export interface FaqResult {
  /** The FAQ answer to send, or null: the model answers, with `candidates` as context. */
  answer: FaqAnswer | null;
  /** Why there is no answer, or "answered"; "dissimilar" when embeddings refused the rule's pick. */
  outcome: FaqOutcome | 'dissimilar';
  /** The closest FAQs on the channel, best first. */
  candidates: FaqCandidate[];
  decision: FaqDecision;
}

export interface FaqLookup {
  readonly index: FaqIndex;
  find(question: string, channel: FaqChannel): Promise<FaqResult>;
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
 * is no embedder or the API fails, which means "the rule alone decides".
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
      const decision = decideFaq(opts.index, question, { channel, limit: 3 });
      const base = { candidates: decision.candidates, decision };
      const picked = decision.answer?.entry;
      if (!picked) return { ...base, answer: null, outcome: decision.outcome };
      const target = opts.vectors?.get(picked.id);
      const byRule: FaqResult = {
        ...base,
        answer: { entry: picked, confirmedBy: 'rule' },
        outcome: 'answered',
      };
      if (!opts.embedder || !target) return byRule;
      let query: Float32Array | undefined;
      try {
        [query] = await opts.embedder.embed([question]);
      } catch (err) {
        opts.onError?.(err);
      }
      if (!query) return byRule;
      const similarity = cosine(query, target);
      if (similarity < minSimilarity) return { ...base, answer: null, outcome: 'dissimilar' };
      return {
        ...base,
        answer: { entry: picked, confirmedBy: 'embedding', similarity },
        outcome: 'answered',
      };
    },
  };
}
