import {
  AT,
  AT_ONLY,
  DAY_PARTS,
  type DayPart,
  type Finding,
  isWord,
  lookup,
  type Matcher,
  QUANTITY_NOUNS,
  readNumberAt,
  type ScanContext,
  vocab,
  words,
} from './hebrew-time-lexicon';

/**
 * Clock matchers. A clock finding keeps the hour as said (1..12, or 0..23 when it is
 * unambiguous) so that a part of day said anywhere in the text ("בשמונה ... בערב") can still
 * resolve it; `resolveClock` does that once everything has been read.
 */

const QUARTER = vocab<number>([['רבע', 15]]);
const MINUTE_WORDS = words('דקה', 'דקות');
const AFTER = words('אחרי');
const BEFORE = words('לפני');
const LESS = words('פחות', 'חסר');
const HOUR = words('שעה');
const AND_FRACTION = vocab<number>([
  ['וחצי', 30],
  ['ורבע', 15],
]);
/** Minutes people put before an hour ("עשרה לחמש"); other counts are too often quantities. */
const OFFSET_MINUTES = new Set([5, 10, 15, 20, 25]);

const isQuantity = (c: ScanContext, j: number) => isWord(c.toks[j], QUANTITY_NOUNS, ['']);

/** Minutes said after an hour: "וחצי", "ורבע", "ועשרים", "ועשרים וחמש דקות", "פחות רבע". */
function readMinutes(c: ScanContext, j: number): { minutes: number; next: number } | null {
  const frac = lookup(c.toks[j], AND_FRACTION, ['']);
  if (frac) return { minutes: frac.value, next: j + 1 };
  const tok = c.toks[j];
  if (isWord(tok, LESS, [''])) {
    const q = lookup(c.toks[j + 1], QUARTER, ['']);
    if (q) return { minutes: -15, next: j + 2 };
    const n = readNumberAt(c.toks, j + 1, ['']);
    if (!n || n.value < 1 || n.value > 30) return null;
    return { minutes: -n.value, next: n.next + (isWord(c.toks[n.next], MINUTE_WORDS, ['']) ? 1 : 0) };
  }
  const n = readNumberAt(c.toks, j, ['ו']);
  if (!n || n.value < 1 || n.value > 59) return null;
  return { minutes: n.value, next: n.next + (isWord(c.toks[n.next], MINUTE_WORDS, ['']) ? 1 : 0) };
}

const clock = (hour: number, offset: number, explicit24: boolean, next: number) => ({
  found: [{ t: 'clock', hour, offset, explicit24 } as Finding],
  next,
});

/** "רבע לארבע", "ברבע אחרי שלוש", "עשרה לחמש", "עשר דקות לפני שמונה". */
export const matchClockOffset: Matcher = (c, i) => {
  const q = lookup(c.toks[i], QUARTER, AT);
  const n = q ? { value: 15, next: i + 1 } : readNumberAt(c.toks, i, AT);
  if (!n || !OFFSET_MINUTES.has(n.value)) return null;
  let j = n.next + (isWord(c.toks[n.next], MINUTE_WORDS, ['']) ? 1 : 0);
  let sign = -1;
  let hourPrefixes: readonly string[] = ['ל'];
  if (isWord(c.toks[j], AFTER, [''])) {
    sign = 1;
    hourPrefixes = [''];
    j++;
  } else if (isWord(c.toks[j], BEFORE, [''])) {
    hourPrefixes = [''];
    j++;
  }
  const h = readNumberAt(c.toks, j, hourPrefixes);
  if (!h || h.value < 1 || h.value > 12 || isQuantity(c, h.next)) return null;
  return clock(h.value, sign * n.value, false, h.next);
};

const CLOCK_DIGITS = /^(\d{1,2})(?:([:.])(\d{2}))?$/;

/**
 * "ב-15:30", "15:30", "10.45", "בשלוש", "לשלוש וחצי", "שלוש ועשרים", "בשעה 3", "בשעה שלוש".
 * A bare hour word or number (no ב/ל, no "בשעה") counts only when minutes or a part of day
 * follow, because "שלוש" alone is more often a quantity.
 */
export const matchClock: Matcher = (c, i) => {
  const forced = isWord(c.toks[i], HOUR, ['', 'ב', 'ל', 'וב', 'ול']) && c.toks[i + 1] !== undefined;
  const j = forced ? i + 1 : i;
  const tok = c.toks[j];
  if (!tok) return null;
  let hour: number;
  let minutes: number | undefined;
  let explicit24: boolean;
  let next: number;
  let bare: boolean;
  if (tok.num !== undefined) {
    const m = CLOCK_DIGITS.exec(tok.num);
    if (!m || !AT.includes(tok.numPrefix as (typeof AT)[number])) return null;
    hour = Number(m[1]);
    minutes = m[3] === undefined ? undefined : Number(m[3]);
    // A leading zero ("09:00") or an hour past 12 means the speaker already chose AM/PM.
    explicit24 = hour === 0 || hour > 12 || (m[1]?.length === 2 && m[1].startsWith('0'));
    bare = tok.numPrefix === '' && minutes === undefined;
    next = j + 1;
    if (hour > 23 && minutes === undefined) return null; // "ב-25" is a quantity or a day
    if (hour > 23 || (minutes !== undefined && minutes > 59)) return { found: [{ t: 'invalid' }], next };
  } else {
    const n = readNumberAt(c.toks, j, AT);
    if (!n || n.value < 1 || n.value > 23) return null;
    hour = n.value;
    explicit24 = hour > 12;
    bare = n.prefix === '';
    next = n.next;
  }
  if (isQuantity(c, next)) return null;
  if (minutes === undefined) {
    const extra = readMinutes(c, next);
    if (extra) {
      minutes = extra.minutes;
      next = extra.next;
      bare = false;
    }
  }
  if (bare && !forced && !startsPart(c, next)) return null;
  return clock(hour, minutes ?? 0, explicit24, next);
};

const AFTERNOON_LEAD = words('אחר', 'אחרי');
const MORNING_LEAD = words('לפני');
const EVENING_LEAD = words('לפנות');
const NOON = words('צהריים', 'צהרים');
const PART_ABBREVIATIONS = vocab<DayPart>([
  ['אחהצ', 'afternoon'],
  ['לפנהצ', 'morning'],
]);

function readPart(c: ScanContext, i: number): { part: DayPart; today: boolean; next: number } | null {
  const abbr = lookup(c.toks[i], PART_ABBREVIATIONS, ['', 'ב', 'ו']);
  if (abbr) return { part: abbr.value, today: false, next: i + 1 };
  if (isWord(c.toks[i + 1], NOON, ['ה', ''])) {
    if (isWord(c.toks[i], AFTERNOON_LEAD, ['', 'ו'])) return { part: 'afternoon', today: false, next: i + 2 };
    if (isWord(c.toks[i], MORNING_LEAD, ['', 'ו'])) return { part: 'morning', today: false, next: i + 2 };
  }
  if (isWord(c.toks[i], EVENING_LEAD, [''])) {
    const p = lookup(c.toks[i + 1], DAY_PARTS, ['']);
    if (p) return { part: p.value, today: false, next: i + 2 };
  }
  // Bare "ערב"/"בוקר" are greetings ("ערב טוב"); "הערב" means this evening.
  const p = lookup(c.toks[i], DAY_PARTS, [...AT_ONLY, 'ה']);
  return p ? { part: p.value, today: p.prefix === 'ה', next: i + 1 } : null;
}

function startsPart(c: ScanContext, i: number): boolean {
  return readPart(c, i) !== null;
}

/** "בבוקר", "בצהריים", "אחר הצהריים", `אחה"צ`, "בערב", "בלילה", "הערב" (also: today). */
export const matchPart: Matcher = (c, i) => {
  const p = readPart(c, i);
  if (!p) return null;
  const found: Finding[] = [{ t: 'part', part: p.part }];
  if (p.today) found.push({ t: 'date', date: c.today });
  return { found, next: p.next };
};

/** Time used when only a part of day is said ("מחר בבוקר"); night has none on purpose. */
export const PART_DEFAULT_MINUTES: Readonly<Record<DayPart, number | undefined>> = {
  morning: 9 * 60,
  noon: 12 * 60,
  afternoon: 16 * 60,
  evening: 19 * 60,
  night: undefined,
};

/**
 * The 24-hour hour for an hour as said. Explicit hours (0, 13..23, "09:00") stand. With a
 * part of day: בבוקר keeps 1..12; בצהריים makes 1..6 PM; אחר הצהריים/בערב make 1..11 PM
 * (12 בערב/בלילה is midnight); בלילה makes 6..11 PM and keeps 1..5 AM. With no part, business
 * hours: 1..7 are PM (בשלוש = 15:00), 8..11 AM (בתשע = 09:00), 12 is noon.
 */
export function resolveHour(hour: number, explicit24: boolean, part: DayPart | undefined): number {
  if (explicit24) return hour;
  switch (part) {
    case 'morning':
      return hour;
    case 'noon':
      return hour <= 6 ? hour + 12 : hour;
    case 'afternoon':
      return hour === 12 ? 12 : hour + 12;
    case 'evening':
      return hour === 12 ? 0 : hour + 12;
    case 'night':
      return hour === 12 ? 0 : hour <= 5 ? hour : hour + 12;
    default:
      return hour <= 7 ? hour + 12 : hour;
  }
}
