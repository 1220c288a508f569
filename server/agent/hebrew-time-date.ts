import {
  addDays,
  addMonths,
  type CivilDate,
  compareDates,
  isValidDate,
  zonedNow,
} from './hebrew-time-calendar';
import {
  ANY,
  DAY_WORDS,
  type Finding,
  isWord,
  lookup,
  type Matcher,
  MONTHS,
  NEAREST,
  NEXT,
  ORDINALS,
  readNumberAt,
  SPAN_DUALS,
  SPAN_UNITS,
  vocab,
  WEEKDAY_LETTERS,
  WEEKDAYS,
  words,
} from './hebrew-time-lexicon';

/** Date matchers: each looks at token i and says what date words start there. */

const one = (f: Finding, next: number) => ({ found: [f], next });
const INVALID: Finding = { t: 'invalid' };

/** A day and month without a year: this year, or next year once it has passed. */
function rollToFuture(today: CivilDate, month: number, day: number): CivilDate {
  const d = { year: today.year, month, day };
  return compareDates(d, today) < 0 ? { ...d, year: today.year + 1 } : d;
}

const IN = words('עוד', 'תוך');
const FRACTIONS = vocab<number>([
  ['חצי', 30],
  ['רבע', 15],
]);
const AND_HALF = vocab<number>([
  ['וחצי', 30],
  ['ורבע', 15],
]);

/** "בעוד שבוע", "בעוד שלושה ימים", "בעוד יומיים", "תוך חצי שעה", "בעוד שעה וחצי". */
export const matchSpan: Matcher = (c, i) => {
  if (!isWord(c.toks[i], IN, ['', 'ב', 'ל'])) return null;
  let j = i + 1;
  let amount: { days?: number; months?: number; minutes?: number };
  const dual = lookup(c.toks[j], SPAN_DUALS, ['']);
  const frac = lookup(c.toks[j], FRACTIONS, ['']);
  if (dual) {
    amount = dual.value;
    j++;
  } else if (frac && lookup(c.toks[j + 1], SPAN_UNITS, [''])?.value.minutes === 60) {
    amount = { minutes: frac.value };
    j += 2;
  } else {
    const n = readNumberAt(c.toks, j, ['']);
    const unit = lookup(c.toks[n ? n.next : j], SPAN_UNITS, ['']);
    if (!unit) return null;
    const count = n ? n.value : 1;
    j = (n ? n.next : j) + 1;
    const u = unit.value;
    amount = {
      days: u.days && u.days * count,
      months: u.months && u.months * count,
      minutes: u.minutes && u.minutes * count,
    };
  }
  if (amount.minutes !== undefined) {
    const extra = lookup(c.toks[j], AND_HALF, ['']);
    const minutes = amount.minutes + (extra && amount.minutes >= 60 ? extra.value : 0);
    if (extra && amount.minutes >= 60) j++;
    const at = zonedNow(new Date(c.instant.getTime() + minutes * 60_000), c.timeZone);
    return one({ t: 'instant', date: at, minutes: at.hour * 60 + at.minute }, j);
  }
  const date = amount.months ? addMonths(c.today, amount.months) : addDays(c.today, amount.days ?? 0);
  return one({ t: 'date', date }, j);
};

/**
 * "12/5", "12.5", "12/5/2027", "12.5.27": day first, as written in Israel. "15.30" is left to
 * the clock matcher (a second part of 13..59 written with two digits cannot be a month).
 */
export const matchNumericDate: Matcher = (c, i) => {
  const tok = c.toks[i];
  if (tok?.num === undefined || !ANY.includes(tok.numPrefix as (typeof ANY)[number])) return null;
  const m = /^(\d{1,2})([./])(\d{1,2})(?:\2(\d{2}|\d{4}))?$/.exec(tok.num);
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[3]);
  if (m[2] === '.' && m[4] === undefined && m[3]?.length === 2 && month > 12) return null;
  const year = m[4] === undefined ? undefined : Number(m[4]) + (m[4].length === 2 ? 2000 : 0);
  const date = year === undefined ? rollToFuture(c.today, month, day) : { year, month, day };
  return one(isValidDate(date) ? { t: 'date', date } : INVALID, i + 1);
};

const DAY_PREFIXES = ['', 'ה', 'ב', 'ל', 'וב', 'וה', 'מה', 'מ', 'עד'];
const MONTH_WORD = words('חודש');

/** "12 במאי", "ה-12 במאי 2027", "שנים עשר במאי", "ב-12 לחודש", "הראשון לחודש הבא". */
export const matchDayOfMonth: Matcher = (c, i) => {
  const n =
    readNumberAt(c.toks, i, DAY_PREFIXES) ??
    ((o) => (o ? { value: o.value, next: i + 1 } : null))(lookup(c.toks[i], ORDINALS, DAY_PREFIXES));
  if (!n || n.value < 1 || n.value > 31) return null;
  const day = n.value;
  let j = n.next;
  const month = lookup(c.toks[j], MONTHS, ['', 'ב', 'ל']);
  if (month) {
    j++;
    const y = c.toks[j];
    let date: CivilDate;
    if (y?.num && /^\d{4}$/.test(y.num) && ['', 'ב'].includes(y.numPrefix)) {
      date = { year: Number(y.num), month: month.value, day };
      j++;
    } else date = rollToFuture(c.today, month.value, day);
    return one(isValidDate(date) ? { t: 'date', date } : INVALID, j);
  }
  if (!isWord(c.toks[j], MONTH_WORD, ['ל', 'ב'])) return null;
  j++;
  if (isWord(c.toks[j], NEXT, [''])) {
    const date = { ...addMonths({ ...c.today, day: 1 }, 1), day };
    return one(isValidDate(date) ? { t: 'date', date } : INVALID, j + 1);
  }
  // This month if the day is still ahead, else the next month that has that day.
  for (let k = 0; k < 12; k++) {
    const date = { ...addMonths({ ...c.today, day: 1 }, k), day };
    if (isValidDate(date) && compareDates(date, c.today) >= 0) return one({ t: 'date', date }, j);
  }
  return one(INVALID, j);
};

const DAY = words('יום');
const WEEK = words('שבוע');
const THIS_WEEK = words('השבוע');

/**
 * "ביום שלישי", "יום ג'", "בשלישי", "שלישי הבא", "ביום ראשון בשבוע הבא". Bare "ראשון" and
 * "שני" (also "first"/"second") count only with a following "הבא"/"הקרוב"; "לשבת" is the
 * verb "to sit", not Saturday.
 */
export const matchWeekday: Matcher = (c, i) => {
  let dow: number;
  let j: number;
  if (isWord(c.toks[i], DAY, ['', 'ב', 'ל', 'ו', 'וב', 'ול', 'מ'])) {
    const d = lookup(c.toks[i + 1], WEEKDAYS, ['']) ?? lookup(c.toks[i + 1], WEEKDAY_LETTERS, ['']);
    if (!d) return null;
    dow = d.value;
    j = i + 2;
  } else {
    const d = lookup(c.toks[i], WEEKDAYS, ['', 'ב', 'ל', 'ו', 'וב', 'ול']);
    if (!d || (d.prefix.endsWith('ל') && d.value === 6)) return null;
    if (d.prefix === '' && d.value <= 1 && !isWord(c.toks[i + 1], new Set([...NEXT, ...NEAREST]), ['']))
      return null;
    dow = d.value;
    j = i + 1;
  }
  let nextWeek = false;
  if (isWord(c.toks[j], NEXT, [''])) {
    nextWeek = true;
    j++;
  } else if (isWord(c.toks[j], NEAREST, [''])) j++;
  else if (isWord(c.toks[j], WEEK, ['', 'ב', 'של', 'ל']) && isWord(c.toks[j + 1], NEXT, [''])) {
    nextWeek = true;
    j += 2;
  } else if (isWord(c.toks[j], THIS_WEEK, ['', 'ב', 'של'])) j++;
  return one({ t: 'weekday', dow, nextWeek }, j);
};

/** "בשבוע הבא" on its own: no date, but turns a weekday elsewhere into next week's. */
export const matchNextWeek: Matcher = (c, i) =>
  isWord(c.toks[i], WEEK, ['', 'ב', 'ל', 'מ', 'של', 'וב']) && isWord(c.toks[i + 1], NEXT, [''])
    ? one({ t: 'nextWeek' }, i + 2)
    : null;

/** "היום", "למחר", "מחרתיים". */
export const matchDayWord: Matcher = (c, i) => {
  const d = lookup(c.toks[i], DAY_WORDS, ANY);
  return d ? one({ t: 'date', date: addDays(c.today, d.value) }, i + 1) : null;
};
