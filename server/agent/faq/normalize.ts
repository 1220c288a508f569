/**
 * Hebrew text folding shared by the FAQ matcher and the date/number parsers. Everything here
 * is pure and allocation-light; callers normalise once per query, not per comparison.
 */

// Niqqud, cantillation (te'amim) and the other combining points of the Hebrew block.
// Maqaf (U+05BE), paseq (U+05C0) and sof pasuq (U+05C3) are punctuation, handled below.
const POINTS = /[\u0591-\u05BD\u05BF\u05C1\u05C2\u05C4\u05C5\u05C7]/g;
const FINALS: Readonly<Record<string, string>> = { ך: 'כ', ם: 'מ', ן: 'נ', ף: 'פ', ץ: 'צ' };
const FINAL_RE = /[ךםןףץ]/g;

/** Removes niqqud and cantillation marks; letters and punctuation are untouched. */
export function stripNiqqud(text: string): string {
  return text.normalize('NFC').replace(POINTS, '');
}

/** Maps the five final letter forms to their medial forms so "שלום" and "שלומ" compare equal. */
export function unifyFinalLetters(text: string): string {
  return text.replace(FINAL_RE, (c) => FINALS[c] ?? c);
}

/**
 * Canonical matching form: no niqqud, medial letters only, Latin lowercased, every
 * punctuation mark (including geresh ׳, gershayim ״, maqaf ־ and ASCII quotes) removed or
 * turned into a space, runs of spaces collapsed. Quotes inside a word are dropped, so
 * `אחה"צ` becomes `אחהצ` and `ג'` becomes `ג`; other punctuation separates words.
 * Invariant: idempotent, and the output contains only letters, digits and single spaces.
 */
export function normalizeHebrew(text: string): string {
  return unifyFinalLetters(displayForm(text));
}

/**
 * normalizeHebrew() without the final-letter folding: the words as a person would write them,
 * for explanations. Splits into exactly the same words as normalizeHebrew().
 */
export function displayForm(text: string): string {
  return stripNiqqud(text)
    .toLowerCase()
    .replace(/['"`\u05F3\u05F4\u2018\u2019\u201C\u201D]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Folds the spelling variants of one word to one form: doubled vav and yod (ktiv male, "חנייה"
 * → "חניה", "תוור" → "תור") become single, and a letter repeated three or more times (typed
 * for emphasis, "היייי") becomes one. Expects normalised input.
 */
export function foldSpelling(word: string): string {
  return word
    .replace(/(.)\1{2,}/gu, '$1')
    .replace(/וו/g, 'ו')
    .replace(/יי/g, 'י');
}

/**
 * The word without its vowel letters after the first letter (vav and yod), so "תיספורת" and
 * "תספורת", "חליפי" and "חלופי" meet. Null when fewer than three letters would remain: short
 * skeletons collide too often to be evidence.
 */
export function skeleton(word: string): string | null {
  if (!/^[\u05D0-\u05EA]{3,}$/.test(word)) return null;
  const s = word[0] + word.slice(1).replace(/[וי]/g, '');
  return s.length >= 3 ? s : null;
}

/** Single-letter prefixes (ו ה ב ל מ ש כ) that Hebrew glues to the following word. */
export const HEBREW_PREFIX_LETTERS = 'והבלמשכ';

/**
 * Candidate stems of a normalised word with one or two prefix letters removed, shortest
 * prefix first. A stem keeps at least two letters, so "ובשעות" yields "בשעות" and "שעות" but
 * "של" yields nothing. Pure Hebrew words only; words with digits or Latin letters yield none.
 */
export function prefixStems(word: string): string[] {
  if (!/^[\u05D0-\u05EA]+$/.test(word)) return [];
  const stems: string[] = [];
  for (let cut = 1; cut <= 2 && word.length - cut >= 2; cut++) {
    if (!HEBREW_PREFIX_LETTERS.includes(word[cut - 1] as string)) break;
    stems.push(word.slice(cut));
  }
  return stems;
}
