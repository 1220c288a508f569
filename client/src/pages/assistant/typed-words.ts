import { normalizeHebrew } from '../../../../server/agent/faq/normalize';

const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

/**
 * The matcher reports the words it matched in its folded form ("פתוחימ", no niqqud, medial
 * letters). This finds each one as the user typed it in `question` ("פתוחים"), keeping the
 * folded form for any word it cannot place. Same length and order as `tokens`.
 */
export function asTyped(question: string, tokens: readonly string[]): string[] {
  const typed = new Map<string, string>();
  for (const chunk of question.split(/\s+/)) {
    const word = chunk.replace(EDGE_PUNCTUATION, '');
    const folded = normalizeHebrew(word);
    if (folded && !folded.includes(' ') && !typed.has(folded)) typed.set(folded, word);
  }
  return tokens.map((token) => typed.get(token) ?? token);
}
