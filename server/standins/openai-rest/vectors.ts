/**
 * Deterministic stand-in embeddings: hashed character trigrams of the Hebrew-normalised
 * text, L2-normalised. Texts sharing words share trigrams, so cosine similarity behaves
 * like a (weak) real embedding: paraphrases score higher than unrelated text.
 */
import { trigramsOf } from '../../agent/faq/match';

export const DEFAULT_DIMENSIONS = 256;

/** FNV-1a, 32 bit: stable across runs and machines. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Invariant: same text and dimensions → same vector; the norm is 1 (0 for empty text). */
export function trigramVector(text: string, dimensions = DEFAULT_DIMENSIONS): number[] {
  const v = new Float64Array(dimensions);
  for (const gram of trigramsOf(text)) {
    const h = hash(gram);
    v[h % dimensions] = (v[h % dimensions] ?? 0) + ((h >>> 31) & 1 ? -1 : 1);
  }
  const norm = Math.hypot(...v);
  return Array.from(v, (x) => (norm === 0 ? 0 : x / norm));
}

export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] ?? 0) * (b[i] ?? 0);
  return dot;
}
