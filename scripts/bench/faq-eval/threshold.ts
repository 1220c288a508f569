/**
 * Choosing FAQ_EMBEDDING_MIN_SIMILARITY on data: the embedding check is the second wall
 * behind the precision rule, and its job is to refuse a wrong FAQ. So the threshold is
 * chosen on the tuning part as the lowest similarity that keeps every wrong pick out: for
 * each question, the FAQ ranked first by the matcher (whether or not the rule lets it
 * answer) against the FAQ its label names. The held-out part is then only measured.
 */
import { cosine, type Embedder } from '../../../server/agent/faq/lookup';
import { buildFaqIndex, decideFaq } from '../../../server/agent/faq/match';
import type { EvalBusiness, EvalQuestion } from './eval-set';

export interface Pick {
  question: EvalQuestion;
  /** The FAQ the matcher ranks first, and whether the rule would let it answer alone. */
  faqId: string;
  byRule: boolean;
  correct: boolean;
  similarity: number;
}

/** Embeds every question and every FAQ question (batched), and pairs each question with its first-ranked FAQ. */
export async function embedPicks(
  embedder: Embedder,
  businesses: readonly EvalBusiness[],
  questions: readonly EvalQuestion[],
  batch = 100,
): Promise<Pick[]> {
  const byId = new Map(businesses.map((b) => [b.id, b]));
  const indexes = new Map(businesses.map((b) => [b.id, buildFaqIndex(b.faqs, { context: b.name })]));
  const picked = questions.flatMap((q) => {
    const decision = decideFaq(indexes.get(q.business) as ReturnType<typeof buildFaqIndex>, q.question, {
      channel: 'whatsapp',
    });
    const top = decision.candidates[0];
    if (!top) return [];
    const faq = byId.get(q.business)?.faqs.find((f) => f.id === top.entry.id);
    return faq
      ? [{ q, faqId: faq.id, faqQuestion: faq.question, byRule: decision.answer?.entry.id === faq.id }]
      : [];
  });
  const texts = [...new Set(picked.flatMap((p) => [p.q.question, p.faqQuestion]))];
  const vectors = new Map<string, Float32Array>();
  for (let i = 0; i < texts.length; i += batch) {
    const chunk = texts.slice(i, i + batch);
    const out = await embedder.embed(chunk);
    chunk.forEach((t, j) => {
      vectors.set(t, out[j] ?? new Float32Array());
    });
  }
  return picked.map((p) => ({
    question: p.q,
    faqId: p.faqId,
    byRule: p.byRule,
    correct: p.faqId === p.q.expect,
    similarity: cosine(vectors.get(p.q.question) as Float32Array, vectors.get(p.faqQuestion) as Float32Array),
  }));
}

/**
 * The lowest threshold (to 3 decimals) above every wrong pick's similarity; 0 when there is
 * no wrong pick. A pick is let through when its similarity is at least the threshold.
 */
export function chooseThreshold(picks: readonly Pick[]): number {
  const worst = Math.max(0, ...picks.filter((p) => !p.correct).map((p) => p.similarity));
  return worst === 0 ? 0 : Math.ceil((worst + 1e-9) * 1000) / 1000;
}

export interface WallScore {
  answered: number;
  wrong: number;
  recall: number;
}

/** Precision and recall of one wall on the picks: `rule` (the rule alone), `embedding` alone, or `both`. */
export function scoreWall(
  picks: readonly Pick[],
  answerable: number,
  wall: 'rule' | 'embedding' | 'both',
  threshold: number,
): WallScore {
  const through = picks.filter((p) => {
    const similar = p.similarity >= threshold;
    return wall === 'rule' ? p.byRule : wall === 'embedding' ? similar : p.byRule && similar;
  });
  const correct = through.filter((p) => p.correct).length;
  return {
    answered: through.length,
    wrong: through.length - correct,
    recall: answerable === 0 ? 1 : correct / answerable,
  };
}
