import { normalizeHebrew, unifyFinalLetters } from './faq/normalize';

/**
 * Spoken Hebrew numbers, both genders, as transcribed from calls ("שלוש", "שלושה", "שתיים",
 * "שניים"). Words are matched in normalised form (medial letters, no niqqud).
 */

function table(entries: Record<string, number>): ReadonlyMap<string, number> {
  return new Map(Object.entries(entries).map(([w, n]) => [unifyFinalLetters(w), n]));
}

// "שני" is left out on purpose: on its own it is Monday (יום שני) far more often than "two".
const UNITS = table({
  אפס: 0,
  אחת: 1,
  אחד: 1,
  שתיים: 2,
  שתים: 2,
  שניים: 2,
  שנים: 2,
  שתי: 2,
  שלוש: 3,
  שלושה: 3,
  ארבע: 4,
  ארבעה: 4,
  חמש: 5,
  חמישה: 5,
  שש: 6,
  שישה: 6,
  שבע: 7,
  שבעה: 7,
  שמונה: 8,
  תשע: 9,
  תשעה: 9,
});
const TEN = table({ עשר: 10, עשרה: 10 });
const TENS = table({
  עשרים: 20,
  שלושים: 30,
  ארבעים: 40,
  חמישים: 50,
  שישים: 60,
  שבעים: 70,
  שמונים: 80,
  תשעים: 90,
});
const HUNDRED_WORDS = table({ מאה: 100, מאתיים: 200 });
const HUNDREDS_AFTER_UNIT = unifyFinalLetters('מאות');
const THOUSAND_WORDS = table({ אלף: 1000, אלפיים: 2000 });
const THOUSANDS_AFTER_UNIT = unifyFinalLetters('אלפים');
// Construct forms used before "אלפים": שלושת אלפים.
const CONSTRUCT = table({ שלושת: 3, ארבעת: 4, חמשת: 5, ששת: 6, שבעת: 7, שמונת: 8, תשעת: 9 });

export interface NumberRead {
  value: number;
  /** Index of the first word after the number. */
  next: number;
}

/** A number word, optionally written with the conjunction "ו" glued on. */
function lookup(map: ReadonlyMap<string, number>, word: string | undefined, allowVav: boolean) {
  if (word === undefined) return undefined;
  const direct = map.get(word);
  if (direct !== undefined) return { value: direct, vav: false };
  if (allowVav && word.startsWith('ו')) {
    const v = map.get(word.slice(1));
    if (v !== undefined) return { value: v, vav: true };
  }
  return undefined;
}

/**
 * Reads one Hebrew number (0..9999) from normalised `words` starting at `start`, greedily and
 * in descending magnitude: thousands, hundreds, tens, then a unit or a teen. With `strict`,
 * a unit after a ten needs the conjunction ("חמישים ושתיים" is 52, "חמישים שתיים" is 50 then
 * 2), which is what phone dictation needs. Returns null when `words[start]` is no number word.
 */
export function readHebrewNumber(words: readonly string[], start: number, strict = false): NumberRead | null {
  let i = start;
  let total = 0;
  let matched = false;
  const first = () => i === start;

  // Thousands: אלף, אלפיים, שלושת אלפים, שלושה אלפים.
  const th = lookup(THOUSAND_WORDS, words[i], !first());
  if (th) {
    total += th.value;
    i++;
    matched = true;
  } else {
    const unit = lookup(CONSTRUCT, words[i], false) ?? lookup(UNITS, words[i], false);
    if (unit && unit.value >= 3 && words[i + 1] === THOUSANDS_AFTER_UNIT) {
      total += unit.value * 1000;
      i += 2;
      matched = true;
    }
  }
  // Hundreds: מאה, מאתיים, שלוש מאות.
  const hu = lookup(HUNDRED_WORDS, words[i], !first());
  if (hu) {
    total += hu.value;
    i++;
    matched = true;
  } else {
    const unit = lookup(UNITS, words[i], !first());
    if (unit && unit.value >= 3 && words[i + 1] === HUNDREDS_AFTER_UNIT) {
      total += unit.value * 100;
      i += 2;
      matched = true;
    }
  }
  // Tens (20..90), or a unit possibly followed by עשר/עשרה (teens), or ten alone.
  const tens = lookup(TENS, words[i], !first());
  if (tens) {
    total += tens.value;
    i++;
    matched = true;
    const unit = lookup(UNITS, words[i], true);
    if (unit && unit.value > 0 && (unit.vav || !strict)) {
      total += unit.value;
      i++;
    }
    return { value: total, next: i };
  }
  const unit = lookup(UNITS, words[i], !first());
  // After hundreds/thousands a unit needs "ו" in strict mode, and "אפס" never continues one.
  if (unit && !(matched && (unit.value === 0 || (strict && !unit.vav)))) {
    i++;
    if (unit.value > 0 && TEN.has(words[i] ?? '')) {
      total += 10 + unit.value;
      i++;
    } else total += unit.value;
    return { value: total, next: i };
  }
  const ten = lookup(TEN, words[i], !first());
  if (ten) return { value: total + 10, next: i + 1 };
  return matched ? { value: total, next: i } : null;
}

/**
 * A quantity said in words or digits, 0..9999: "עשרים ושלוש" → 23, "מאה וחמישים" → 150,
 * "42" → 42. Null unless the whole text is one number (no other words).
 */
export function hebrewNumberToInt(text: string): number | null {
  const norm = normalizeHebrew(text);
  if (/^\d{1,4}$/.test(norm)) return Number(norm);
  const words = norm.split(' ').filter((w) => w !== '');
  const read = readHebrewNumber(words, 0);
  return read && read.next === words.length ? read.value : null;
}

const TWICE = unifyFinalLetters('פעמיים');
const TIMES = unifyFinalLetters('פעמים');
const PLUS = unifyFinalLetters('פלוס');

/**
 * Digits of a dictated phone number: "אפס חמש ארבע..." → "054...". Accepts digit words of
 * both genders, digits already in the text ("050 שלוש שתיים"), compound numbers said as one
 * ("חמישים ושתיים" → "52"), repetition ("פעמיים שתיים" → "22", "שלוש פעמים אפס" → "000") and
 * a leading "פלוס" → "+". Other words ("המספר שלי הוא") are skipped. Null when no digit at all.
 */
export function spokenDigitsToString(text: string): string | null {
  const words = normalizeHebrew(text.replace(/\+/g, ` ${PLUS} `))
    .split(' ')
    .filter((w) => w !== '');
  let out = '';
  let repeat = 1;
  for (let i = 0; i < words.length; ) {
    const w = words[i] as string;
    if (/^\d+$/.test(w)) {
      out += w.repeat(repeat);
      repeat = 1;
      i++;
      continue;
    }
    if (w === PLUS && out === '') {
      out = '+';
      i++;
      continue;
    }
    if (w === TWICE || w === `ו${TWICE}`) {
      repeat = 2;
      i++;
      continue;
    }
    const read = readHebrewNumber(words, i, true);
    if (read && words[read.next] === TIMES && read.value >= 2 && read.value <= 9) {
      repeat = read.value;
      i = read.next + 1;
      continue;
    }
    if (read) {
      out += String(read.value).repeat(repeat);
      repeat = 1;
      i = read.next;
      continue;
    }
    i++;
  }
  return /\d/.test(out) ? out : null;
}

/**
 * Transcription prompt for turns where the caller dictates a phone number: it biases the
 * speech-to-text model toward writing digits rather than Hebrew number words.
 */
export const PHONE_TRANSCRIPTION_HINT =
  'המתקשר מכתיב מספר טלפון ישראלי, ספרה אחר ספרה. כתוב את הספרות כמספרים, למשל: 054-321-7896, 03-1234567, 1-800-123-456.';
