/**
 * The words one business's FAQs use, for repairing what a customer typed: a word with one
 * letter wrong, missing, extra or swapped ("חליפי" for "חלופי", "פתוחימ" for "פתוחים"), and
 * two words typed without a space ("כמהעולה"). A repair is made only when exactly one
 * known word fits, and only for words that nothing (FAQ or lexicon) knows as they are.
 */
import { knownWord } from './lexicon-index';
import { bases, matchForms } from './morphology';
import { foldSpelling } from './normalize';

/** Shorter words have too many neighbours one letter away to guess which was meant. */
const MIN_TYPO_LENGTH = 5;

export interface Vocabulary {
  /** Whether the FAQs or the lexicon know the word (by any of its forms). */
  knows(word: string): boolean;
  /** The word(s) to read instead of `word`, or null when it is known or cannot be repaired. */
  repair(word: string): string[] | null;
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/**
 * Letters a thumb types for each other: neighbours on the Hebrew keyboard (SI 1452, final
 * forms at their own keys folded to the medial letter), and letters that sound alike (ט/ת,
 * כ/ח/ק, א/ע/ה, ס/ש, ב/ו). A substitution of any other pair is a different word, not a typo
 * ("חוגים" is not "חונים").
 */
const KEY_ROWS = ["/'קראטונמפ", 'שדגכעיחלכפ', 'זסבהנמצתצ'];
const SOUND_ALIKE = ['טת', 'כח', 'כק', 'אע', 'אה', 'סש', 'בו'];
const CONFUSABLE = (() => {
  const pairs = new Set<string>();
  const link = (x: string | undefined, y: string | undefined) => {
    if (!x || !y || x === y) return;
    pairs.add(x + y).add(y + x);
  };
  KEY_ROWS.forEach((row, r) => {
    for (let c = 0; c < row.length; c++) {
      link(row[c], row[c + 1]);
      const below = KEY_ROWS[r + 1];
      if (below) {
        link(row[c], below[c]);
        link(row[c], below[c - 1]);
      }
    }
  });
  for (const [x, y] of SOUND_ALIKE) link(x, y);
  return pairs;
})();

/** Optimal string alignment distance, stopping early past 1; a substitution only of confusable letters. */
function withinOne(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return CONFUSABLE.has(`${a[i]}${b[i]}`); // one substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // one swap
  }
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  return long.slice(i + 1) === short.slice(i);
}

export function buildVocabulary(words: Iterable<string>): Vocabulary {
  const forms = new Set<string>();
  /** The words as written, behind their prefixes: what a piece of a glued word must be. */
  const exact = new Set<string>();
  const surface = new Set<string>();
  for (const raw of words) {
    const word = foldSpelling(raw);
    if (!/^[\u05D0-\u05EA]+$/.test(word)) continue;
    for (const f of matchForms(word)) forms.add(f);
    for (const b of bases(word)) {
      exact.add(b);
      if (b.length >= MIN_TYPO_LENGTH - 1) surface.add(b);
    }
  }
  // Built on the first typo, not with the index: many businesses' customers never make one
  // between two FAQ edits, and this is the larger part of the vocabulary's cost.
  let deletionIndex: Map<string, string[]> | undefined;
  const byDeletion = () => {
    if (deletionIndex) return deletionIndex;
    deletionIndex = new Map();
    for (const b of surface) {
      for (const d of deletions(b)) {
        const list = deletionIndex.get(d);
        if (list) list.push(b);
        else deletionIndex.set(d, [b]);
      }
    }
    return deletionIndex;
  };
  const knows = (word: string) =>
    /^(\d|[a-z])/.test(word) || knownWord(word) || matchForms(word).some((f) => forms.has(f));

  function nearest(word: string): string | null {
    const w = foldSpelling(word);
    if (w.length < MIN_TYPO_LENGTH) return null;
    const found = new Set<string>();
    const consider = (c: string) => withinOne(w, c) && found.add(c);
    if (surface.has(w)) return null;
    const index = byDeletion();
    for (const c of index.get(w) ?? []) consider(c);
    for (const d of deletions(w)) {
      if (surface.has(d)) consider(d);
      for (const c of index.get(d) ?? []) consider(c);
    }
    return found.size === 1 ? ([...found][0] as string) : null;
  }

  function split(word: string): [string, string] | null {
    for (let k = 3; k <= word.length - 3; k++) {
      const a = word.slice(0, k);
      const b = word.slice(k);
      // Each piece a whole known word, not merely sharing a form with one: "בבנין" is not "בבנ" + "יין".
      const ok = (x: string) =>
        x.length > 2 && (knownWord(x, { strict: true }) || exact.has(foldSpelling(x)));
      if (ok(a) && ok(b)) return [a, b];
    }
    return null;
  }

  return {
    knows,
    repair(word) {
      if (!/^[\u05D0-\u05EA]{4,}$/.test(word) || knows(word)) return null;
      const pair = split(word);
      if (pair) return pair;
      const near = nearest(word);
      return near ? [near] : null;
    },
  };
}
