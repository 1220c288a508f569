import { prefixStems, stripNiqqud, unifyFinalLetters } from './faq/normalize';
import { type NumberRead, readHebrewNumber } from './hebrew-numbers';
import type { CivilDate } from './hebrew-time-calendar';

/**
 * Tokens and vocabulary for the Hebrew date/time parser. Words are kept in normalised form
 * (no niqqud, medial letters); each token remembers which glued-on prefixes (ב, ל, ו, ה...)
 * could be peeled off, and matchers say which prefixes they accept for which word.
 */

export interface Tok {
  /** Normalised chunk as written, prefix included ("בשלוש", "ב15:30"). */
  w: string;
  /** For a chunk ending in digits: the digits and separators ("15:30", "12/5"). */
  num?: string;
  /** The letters before `num` ("ב" in "ב-15:30"), or '' . */
  numPrefix: string;
  /** Readings as (prefix, stem), the unprefixed reading first. */
  forms: { prefix: string; stem: string }[];
}

/**
 * Normalises and splits `text`. Separators survive only between digits ("12/5", "15:30",
 * "12.5"); a hyphen after prefix letters is dropped ("ב-15:30" → "ב15:30", "ל-ארבע" →
 * "לארבע"); geresh and quotes vanish ("ג'" → "ג", `אחה"צ` → "אחהצ").
 */
export function tokenize(text: string): Tok[] {
  const s = unifyFinalLetters(stripNiqqud(text))
    .toLowerCase()
    .replace(/['"`\u05F3\u05F4\u2018\u2019\u201C\u201D]/g, '')
    .replace(/[\u05BE\u2010-\u2015]/g, '-')
    .replace(/(^|[^\p{L}\p{N}])([\u05D0-\u05EA]{1,3})-(?=[\p{L}\p{N}])/gu, '$1$2')
    .replace(/[^\p{L}\p{N}./:]+/gu, ' ')
    .replace(/(?<!\d)[./:]+|[./:]+(?!\d)/g, ' ');
  const toks: Tok[] = [];
  for (const w of s.split(' ')) {
    if (w === '') continue;
    const m = /^([\u05D0-\u05EA]{0,3})(\d[\d./:]*)$/.exec(w);
    if (m) {
      toks.push({ w, num: m[2], numPrefix: m[1] ?? '', forms: [] });
      continue;
    }
    const forms = [{ prefix: '', stem: w }];
    for (const stem of prefixStems(w)) forms.push({ prefix: w.slice(0, w.length - stem.length), stem });
    toks.push({ w, numPrefix: '', forms });
  }
  return toks;
}

/** Prefix sets matchers accept. '' is the bare word. */
export const ANY = ['', 'ב', 'ל', 'ו', 'ה', 'מ', 'וב', 'ול', 'ומ', 'וה', 'של', 'שב', 'מה', 'לה'] as const;
export const AT = ['', 'ב', 'ל', 'וב', 'ול'] as const; // "at / for": בשלוש, לשלוש, ובשלוש
export const AT_ONLY = ['ב', 'ל', 'וב', 'ול'] as const;

/** The first reading of `tok` whose stem is in `vocab` with an accepted prefix. */
export function lookup<T>(
  tok: Tok | undefined,
  vocab: ReadonlyMap<string, T>,
  prefixes: readonly string[],
): { value: T; prefix: string } | undefined {
  if (!tok) return undefined;
  for (const f of tok.forms) {
    const v = vocab.get(f.stem);
    if (v !== undefined && prefixes.includes(f.prefix)) return { value: v, prefix: f.prefix };
  }
  return undefined;
}

export function isWord(tok: Tok | undefined, words: ReadonlySet<string>, prefixes: readonly string[]) {
  return !!tok && tok.forms.some((f) => words.has(f.stem) && prefixes.includes(f.prefix));
}

export interface NumberAt extends NumberRead {
  prefix: string;
  digits: boolean;
}

/**
 * A number starting at token `i` — plain digits ("12", "ב-12") or words ("שנים עשר",
 * "בשלוש") — whose glued prefix is one of `prefixes`.
 */
export function readNumberAt(toks: readonly Tok[], i: number, prefixes: readonly string[]): NumberAt | null {
  const tok = toks[i];
  if (!tok) return null;
  if (tok.num !== undefined) {
    if (!/^\d{1,4}$/.test(tok.num) || !prefixes.includes(tok.numPrefix)) return null;
    return { value: Number(tok.num), next: i + 1, prefix: tok.numPrefix, digits: true };
  }
  const rest = toks.slice(i).map((t) => t.w);
  for (const f of tok.forms) {
    if (!prefixes.includes(f.prefix)) continue;
    rest[0] = f.stem;
    const read = readHebrewNumber(rest, 0);
    if (read) return { value: read.value, next: i + read.next, prefix: f.prefix, digits: false };
  }
  return null;
}

const norm = unifyFinalLetters;
export const words = (...ws: string[]): ReadonlySet<string> => new Set(ws.map(norm));
export const vocab = <T>(entries: [string, T][]): ReadonlyMap<string, T> =>
  new Map(entries.map(([w, v]) => [norm(w), v]));

export const DAY_WORDS = vocab<number>([
  ['היום', 0],
  ['מחר', 1],
  ['מחרתיים', 2],
  ['מחרתים', 2],
]);
export const WEEKDAYS = vocab<number>([
  ['ראשון', 0],
  ['שני', 1],
  ['שלישי', 2],
  ['רביעי', 3],
  ['חמישי', 4],
  ['שישי', 5],
  ['שבת', 6],
]);
/** "יום ג'": the letter numbering of weekdays (geresh already stripped). */
export const WEEKDAY_LETTERS = vocab<number>([
  ['א', 0],
  ['ב', 1],
  ['ג', 2],
  ['ד', 3],
  ['ה', 4],
  ['ו', 5],
  ['ש', 6],
]);
/** Ordinals used for days of the month: "הראשון לחודש", "בשני במאי". */
export const ORDINALS = vocab<number>(
  ['ראשון', 'שני', 'שלישי', 'רביעי', 'חמישי', 'שישי', 'שביעי', 'שמיני', 'תשיעי', 'עשירי'].map((w, i) => [
    w,
    i + 1,
  ]),
);
export const MONTHS = vocab<number>(
  ['ינואר', 'פברואר', 'מרץ', 'אפריל', 'מאי', 'יוני', 'יולי', 'אוגוסט', 'ספטמבר', 'אוקטובר', 'נובמבר', 'דצמבר']
    .map((w, i): [string, number] => [w, i + 1])
    .concat([['מרס', 3]]),
);

export type DayPart = 'morning' | 'noon' | 'afternoon' | 'evening' | 'night';
export const DAY_PARTS = vocab<DayPart>([
  ['בוקר', 'morning'],
  ['צהריים', 'noon'],
  ['צהרים', 'noon'],
  ['ערב', 'evening'],
  ['לילה', 'night'],
]);

/** Units after "בעוד N": days or minutes. */
export const SPAN_UNITS = vocab<{ days?: number; months?: number; minutes?: number }>([
  ['יום', { days: 1 }],
  ['ימים', { days: 1 }],
  ['שבוע', { days: 7 }],
  ['שבועות', { days: 7 }],
  ['חודש', { months: 1 }],
  ['חודשים', { months: 1 }],
  ['שעה', { minutes: 60 }],
  ['שעות', { minutes: 60 }],
  ['דקה', { minutes: 1 }],
  ['דקות', { minutes: 1 }],
]);
/** Dual forms that carry their own count: "בעוד יומיים". */
export const SPAN_DUALS = vocab<{ days?: number; months?: number; minutes?: number }>([
  ['יומיים', { days: 2 }],
  ['שבועיים', { days: 14 }],
  ['חודשיים', { months: 2 }],
  ['שעתיים', { minutes: 120 }],
]);

/** Nouns after a number that make it a quantity, never a clock hour ("בשלוש שעות"). */
export const QUANTITY_NOUNS = words(
  'יום',
  'ימים',
  'שבוע',
  'שבועות',
  'חודש',
  'חודשים',
  'שנה',
  'דקה',
  'דקות',
  'שעה',
  'שעות',
  'אנשים',
  'איש',
  'נשים',
  'ילדים',
  'פעמים',
  'שקל',
  'שקלים',
  'שח',
  'אחוז',
  'מקומות',
  'לילות',
  'תורים',
);
export const NEXT = words('הבא', 'הבאה');
export const NEAREST = words('הקרוב', 'הקרובה', 'הזה', 'הזאת', 'הזו');

/** What one matcher recognised; `hebrew-time.ts` reconciles them into one date and time. */
export type Finding =
  | { t: 'date'; date: CivilDate }
  | { t: 'weekday'; dow: number; nextWeek: boolean }
  | { t: 'nextWeek' }
  | { t: 'clock'; hour: number; offset: number; explicit24: boolean }
  | { t: 'part'; part: DayPart }
  | { t: 'instant'; date: CivilDate; minutes: number }
  /** Clearly a date or time, but an impossible one (31/2, 25:00): the whole parse fails. */
  | { t: 'invalid' };

export interface ScanContext {
  toks: readonly Tok[];
  instant: Date;
  timeZone: string;
  today: CivilDate;
}

/** Findings and the index of the first token after them, or null when nothing matched at i. */
export type Matcher = (c: ScanContext, i: number) => { found: Finding[]; next: number } | null;
