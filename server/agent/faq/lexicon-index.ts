/**
 * The lexicon (lexicon.ts) compiled once into a lookup by first word: what a word, or a
 * phrase starting at it, means. Words are compared by their prefix-stripped, spelling-folded
 * bases (morphology.ts), so "ובשעות הפתיחה" finds the phrase "שעות פתיחה".
 */
import {
  CONCEPTS,
  CONTRASTS,
  ENUMERATIONS,
  FILLERS,
  GENERIC_QUESTION,
  MODALS,
  QUESTION_WORDS,
} from './lexicon';
import { bases } from './morphology';
import { foldSpelling, HEBREW_PREFIX_LETTERS, normalizeHebrew } from './normalize';

export type Sense =
  | { type: 'filler' }
  | { type: 'question'; cls: string; covers?: string }
  | { type: 'modal'; cls: string }
  | { type: 'concept'; key: string; contrast?: string };

interface Phrase {
  words: string[];
  sense: Sense;
}

const byFirstWord = new Map<string, Phrase[]>();
/** Every word of every phrase, in any position. */
const anyWord = new Set<string>();
/** The contrast classes each concept key belongs to ("@kids" is both a who and a status). */
export const CONTRAST_OF = new Map<string, Set<string>>();

function add(phrases: string, sense: Sense) {
  for (const raw of phrases.split('|')) {
    const words = normalizeHebrew(raw).split(' ').filter(Boolean).map(foldSpelling);
    const first = words[0];
    if (!first) continue;
    for (const w of words) anyWord.add(w);
    const list = byFirstWord.get(first) ?? [];
    list.push({ words, sense });
    byFirstWord.set(first, list);
  }
}

for (const line of FILLERS) add(line, { type: 'filler' });
for (const [cls, q] of Object.entries(QUESTION_WORDS))
  add(q.phrases, { type: 'question', cls, covers: q.covers });
for (const [cls, phrases] of Object.entries(MODALS)) add(phrases, { type: 'modal', cls });
for (const [key, phrases] of Object.entries(CONCEPTS)) add(phrases, { type: 'concept', key });
/**
 * Member concept → the closed class it belongs to and the concept naming that class ("#cash"
 * → "%pay-method", "#pay").
 */
export const ENUMERATION_OF = new Map<string, { cls: string; umbrella: string }>();
for (const [cls, { umbrella, members }] of Object.entries(ENUMERATIONS)) {
  for (const [key, phrases] of Object.entries(members)) {
    ENUMERATION_OF.set(key, { cls, umbrella });
    add(phrases, { type: 'concept', key });
  }
}
for (const [cls, members] of Object.entries(CONTRASTS)) {
  for (const [key, phrases] of Object.entries(members)) {
    CONTRAST_OF.set(key, (CONTRAST_OF.get(key) ?? new Set()).add(cls));
    add(phrases, { type: 'concept', key, contrast: cls });
  }
}

export { GENERIC_QUESTION };

export interface LexiconHit {
  /** How many words the phrase spans, from the position looked up. */
  length: number;
  senses: Sense[];
}

/**
 * The longest lexicon phrase starting at `words[at]`, with every sense of that length (a
 * word may have several: "מקבלים" is opening hours and accepting a payment). Null when none.
 * The first word may carry prefixes; the following ones may too ("שעות הפתיחה").
 */
export function lookupPhrase(words: readonly string[], at: number): LexiconHit | null {
  const first = words[at];
  if (first === undefined) return null;
  const hit = longestFrom(bases(first), words, at);
  if (hit) return hit;
  const short = shortFunctionWords(first);
  return short.length ? longestFrom(short, words, at) : null;
}

function longestFrom(firstForms: readonly string[], words: readonly string[], at: number): LexiconHit | null {
  let best: LexiconHit | null = null;
  for (const base of firstForms) {
    for (const phrase of byFirstWord.get(base) ?? []) {
      const n = phrase.words.length;
      if (best && n < best.length) continue;
      if (!phrase.words.every((w, i) => i === 0 || bases(words[at + i] ?? '').includes(w))) continue;
      if (!best || n > best.length) best = { length: n, senses: [phrase.sense] };
      else if (!best.senses.some((s) => sameSense(s, phrase.sense))) best.senses.push(phrase.sense);
    }
  }
  return best;
}

/**
 * For a short word behind one or two prefix letters, the two-letter words left ("במה" → "מה",
 * "כשיש" → "יש"): bases() keeps such short remainders out, being too short for content words,
 * but function words are that short. Consulted only when the word's own bases mean nothing.
 */
const NOUNS_NOT_FUNCTION_WORDS = new Set(['בנ', 'בת', 'שמ']);

function shortFunctionWords(word: string): string[] {
  const out: string[] = [];
  for (let cut = 1; cut <= 2 && word.length - cut >= 2; cut++) {
    if (!HEBREW_PREFIX_LETTERS.includes(word[cut - 1] as string)) break;
    const rest = foldSpelling(word.slice(cut));
    // "בת" and "בן" are nouns: "כלבת" is rabies, not "כ" + "ל" + "בת".
    if (word.length - cut === 2 && !NOUNS_NOT_FUNCTION_WORDS.has(rest)) out.push(rest);
  }
  return out;
}

function sameSense(a: Sense, b: Sense): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'concept' && b.type === 'concept') return a.key === b.key;
  if ((a.type === 'question' || a.type === 'modal') && (b.type === 'question' || b.type === 'modal'))
    return a.cls === b.cls;
  return true;
}

/**
 * Whether the lexicon has the word, alone or in a phrase (a known word is never "repaired").
 * `strict`: only by its bases, not as a two-letter function word behind a prefix ("בבנ").
 */
export function knownWord(word: string, opts: { strict?: boolean } = {}): boolean {
  const forms = [...bases(word)];
  if (!opts.strict) forms.push(...shortFunctionWords(word));
  return forms.some((b) => anyWord.has(b));
}

/** Every single word the lexicon knows, for the typo repair to aim at. */
export function lexiconWords(): string[] {
  const out: string[] = [];
  for (const [first, phrases] of byFirstWord) if (phrases.some((p) => p.words.length === 1)) out.push(first);
  return out;
}
