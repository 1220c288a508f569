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
  return unifyFinalLetters(stripNiqqud(text))
    .toLowerCase()
    .replace(/['"`\u05F3\u05F4\u2018\u2019\u201C\u201D]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
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

// Function words that carry no topic. Stored normalised (medial letters) so lookups work on
// normalised tokens. Kept short on purpose: "לא", "מתי", "איפה", "כמה" stay meaningful.
const STOPWORD_LIST = [
  'את',
  'של',
  'על',
  'עם',
  'אל',
  'גם',
  'זה',
  'זו',
  'זאת',
  'הוא',
  'היא',
  'הם',
  'הן',
  'אני',
  'אנחנו',
  'אתה',
  'אתם',
  'עד',
  'יש',
  'אין',
  'או',
  'אם',
  'כי',
  'רק',
  'כל',
  'מה',
  'לי',
  'לכם',
  'לך',
  'שלכם',
  'שלך',
  'שלי',
  'אצלכם',
  'אצלך',
  'בבקשה',
  'תודה',
  'שלום',
  'היי',
  'האם',
  'אפשר',
  'רוצה',
  'רציתי',
  'לדעת',
  'לשאול',
  'בעצם',
  'פה',
  'כאן',
  'אז',
  'עוד',
  'קצת',
  'הזה',
  'הזאת',
  'אותו',
  'אותה',
  'איזה',
  'איזו',
  'אילו',
  'להיות',
  'היה',
  'יהיה',
  'צריך',
  'אצל',
  'לגבי',
  'בערך',
];
export const STOPWORDS: ReadonlySet<string> = new Set(STOPWORD_LIST.map(unifyFinalLetters));

/**
 * The word without a plural or feminine ending (ים, ות, ה), so "מחירים" meets "מחיר" and
 * "חניות" meets "חניה" (both "חני"). Null when that would leave fewer than three letters.
 */
export function suffixStem(word: string): string | null {
  const m = /^([\u05D0-\u05EA]{3,}?)(?:ימ|ות|ה)$/.exec(word);
  return m ? (m[1] as string) : null;
}

export interface HebrewToken {
  /** The normalised word as written. */
  word: string;
  /** Other forms to match on: prefix-stripped stems and ending-stripped stems, no duplicates. */
  stems: string[];
}

const isStop = (w: string) => STOPWORDS.has(w);

/**
 * Splits text into normalised words and their stems. Stopwords, single letters and short
 * words that are a stopword behind one prefix ("באיזה", "ומה") are dropped, because they
 * say nothing about the topic.
 */
export function tokenizeHebrew(text: string): HebrewToken[] {
  const tokens: HebrewToken[] = [];
  for (const word of normalizeHebrew(text).split(' ')) {
    if (word.length < 2 || isStop(word)) continue;
    const prefixed = prefixStems(word);
    if (word.length <= 5 && prefixed[0] !== undefined && isStop(prefixed[0])) continue;
    const stems = new Set<string>();
    for (const w of [word, ...prefixed]) {
      if (w !== word && !isStop(w)) stems.add(w);
      const bare = suffixStem(w);
      if (bare && !isStop(bare)) stems.add(bare);
    }
    stems.delete(word);
    tokens.push({ word, stems: [...stems] });
  }
  return tokens;
}
