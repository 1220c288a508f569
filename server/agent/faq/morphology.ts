/**
 * The forms a Hebrew word is matched on: the word behind its prefix letters, with and
 * without its plural, feminine and construct endings, spelling variants folded. Two words
 * match when their form sets meet. Pure and small; the lexicon (lexicon.ts) adds meaning on
 * top, this file only knows spelling.
 */
import { foldSpelling, HEBREW_PREFIX_LETTERS, skeleton } from './normalize';

const HEBREW_WORD = /^[\u05D0-\u05EA]+$/;
/** Fewer letters than this after cutting a prefix or an ending is no longer evidence. */
const MIN_STEM = 3;

// Words repeat across FAQs and messages; their forms are pure, so they are remembered. Bounded:
// past the limit the cache starts over rather than growing with every word ever typed.
const CACHE_LIMIT = 50_000;
const basesCache = new Map<string, string[]>();
const formsCache = new Map<string, string[]>();

/** Callers must not mutate the returned array. */
function memo(cache: Map<string, string[]>, word: string, compute: (w: string) => string[]): string[] {
  let hit = cache.get(word);
  if (!hit) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    hit = compute(word);
    cache.set(word, hit);
  }
  return hit;
}

/**
 * The word and the words behind one to three prefix letters (ו ה ב ל מ ש כ), folded:
 * "ובשעות" → ובשעות, בשעות, שעות. Each keeps at least three letters.
 */
export function bases(word: string): string[] {
  return memo(basesCache, word, computeBases);
}

/**
 * Two-letter nouns a customer names behind a prefix ("השן", "בשן", "ביד"): shorter than a
 * stem may otherwise be, so only these. (Not "בן" and "בת": "כלבת" is rabies.)
 */
const TWO_LETTER_NOUNS = new Set(['שנ', 'יד', 'גב', 'אפ', 'גז', 'דמ']);

function computeBases(word: string): string[] {
  const out = [foldSpelling(word)];
  if (!HEBREW_WORD.test(word)) return out;
  for (let cut = 1; cut <= 3 && word.length - cut >= MIN_STEM; cut++) {
    if (!HEBREW_PREFIX_LETTERS.includes(word[cut - 1] as string)) break;
    out.push(foldSpelling(word.slice(cut)));
  }
  for (let cut = 1; cut <= 2 && word.length - cut === 2; cut++) {
    if (!HEBREW_PREFIX_LETTERS.includes(word[cut - 1] as string)) break;
    if (TWO_LETTER_NOUNS.has(word.slice(cut))) out.push(word.slice(cut));
  }
  return out;
}

/** Endings and what may stand in their place: "שעות" ↔ "שעה", "תספורות" ↔ "תספורת". */
const ENDINGS: readonly [string, readonly string[]][] = [
  ['ימ', ['']],
  ['ות', ['', 'ה', 'ת']],
  ['ית', ['']],
  ['ה', ['']],
  ['ת', ['']],
  ['י', ['']],
];

function endingVariants(base: string, into: Set<string>) {
  into.add(base);
  if (!HEBREW_WORD.test(base)) return;
  for (const [ending, replacements] of ENDINGS) {
    if (!base.endsWith(ending)) continue;
    const stem = base.slice(0, -ending.length);
    for (const r of replacements) if (stem.length + r.length >= MIN_STEM) into.add(stem + r);
  }
}

/**
 * Every form of `word` (normalised) that another word's forms are compared with: its bases,
 * their ending variants, and the vowel-letter skeletons of those ("תיספורת" meets "תספורת").
 * Skeletons are kept apart by a leading "~" so a skeleton only meets a skeleton.
 */
export function matchForms(word: string): string[] {
  return memo(formsCache, word, computeForms);
}

function computeForms(word: string): string[] {
  const forms = new Set<string>();
  for (const b of bases(word)) endingVariants(b, forms);
  for (const f of [...forms]) {
    const s = skeleton(f);
    if (s) forms.add(`~${s}`);
  }
  return [...forms];
}
