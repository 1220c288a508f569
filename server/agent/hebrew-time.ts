import { addDays, type CivilDate, formatDate, formatTime, weekday, zonedNow } from './hebrew-time-calendar';
import {
  matchClock,
  matchClockOffset,
  matchPart,
  PART_DEFAULT_MINUTES,
  resolveHour,
} from './hebrew-time-clock';
import {
  matchDayOfMonth,
  matchDayWord,
  matchNextWeek,
  matchNumericDate,
  matchSpan,
  matchWeekday,
} from './hebrew-time-date';
import { type DayPart, type Finding, type Matcher, type ScanContext, tokenize } from './hebrew-time-lexicon';

/**
 * Everyday Hebrew dates and times, as a caller says them to a booking assistant.
 *
 * Choices (all relative to `now` in `timeZone`):
 * - A weekday alone ("ביום שלישי", "בשלישי", "יום ג'") is its next occurrence strictly after
 *   today: said on a Tuesday, "ביום שלישי" is a week away (today would be "היום").
 * - "X הבא" / "X בשבוע הבא" is X in next calendar week (Israeli week, Sunday to Saturday):
 *   said on Tuesday, "חמישי הבא" is Thursday of next week, not the day after tomorrow.
 *   "X הקרוב" / "X הזה" is the same as X alone.
 * - A day and month without a year that has already passed is next year's; "ה-12 לחודש" is
 *   this month's 12th, or the next month's once past (skipping months without that day).
 * - A bare hour follows business hours: 1..7 are PM, 8..11 AM, 12 noon ("בשלוש" = 15:00,
 *   "בתשע" = 09:00). "בבוקר/בצהריים/אחר הצהריים/בערב/בלילה" override it; "09:00" or
 *   "15:30" written with a leading zero or past 12 are taken as given.
 * - "רבע לשמונה" resolves the named hour first (8 → 08:00) then subtracts: 07:45.
 * - A part of day alone sets a default time: בבוקר 09:00, בצהריים 12:00, אחר הצהריים
 *   16:00, בערב 19:00; בלילה sets none.
 * - A time with no date word is today's date, even if that time has passed: the caller of
 *   this function decides whether that means tomorrow or an error.
 * - Two different dates or two different times ("מחר או מחרתיים") return null rather than a
 *   guess, as do impossible dates (31/2) and text with no date or time at all.
 * - Times are wall-clock in `timeZone`; a time inside the spring-forward gap is returned as
 *   said. Only "בעוד שעה"-style spans compute an instant, so they are exact across DST.
 */
export function parseHebrewDateTime(
  text: string,
  opts: { now: Date; timeZone: string },
): { date: string; time?: string } | null {
  const now = zonedNow(opts.now, opts.timeZone);
  const ctx: ScanContext = {
    toks: tokenize(text),
    instant: opts.now,
    timeZone: opts.timeZone,
    today: { year: now.year, month: now.month, day: now.day },
  };
  return reconcile(scan(ctx), ctx.today);
}

// Order matters where two readings start at the same word: dates with a month before a bare
// number read as an hour ("שלוש במאי"), "רבע לארבע" before "רבע" alone.
const MATCHERS: readonly Matcher[] = [
  matchSpan,
  matchNumericDate,
  matchDayOfMonth,
  matchWeekday,
  matchNextWeek,
  matchDayWord,
  matchPart,
  matchClockOffset,
  matchClock,
];

function scan(ctx: ScanContext): Finding[] {
  const found: Finding[] = [];
  for (let i = 0; i < ctx.toks.length; ) {
    let hit: ReturnType<Matcher> = null;
    for (const m of MATCHERS) {
      hit = m(ctx, i);
      if (hit) break;
    }
    if (hit) {
      found.push(...hit.found);
      i = hit.next;
    } else i++;
  }
  return found;
}

function weekdayDate(today: CivilDate, dow: number, nextWeek: boolean): CivilDate {
  const todayDow = weekday(today);
  if (nextWeek) return addDays(today, 7 - todayDow + dow);
  return addDays(today, (dow - todayDow + 7) % 7 || 7);
}

/** The single value of `xs`, undefined when empty, null when they disagree. */
function single<T>(xs: T[]): T | undefined | null {
  return xs.every((x) => x === xs[0]) ? xs[0] : null;
}

function reconcile(found: Finding[], today: CivilDate): { date: string; time?: string } | null {
  const dates: string[] = [];
  const times: number[] = [];
  const parts: DayPart[] = [];
  const nextWeek = found.some((f) => f.t === 'nextWeek');
  for (const f of found) {
    if (f.t === 'invalid') return null;
    if (f.t === 'date') dates.push(formatDate(f.date));
    if (f.t === 'weekday') dates.push(formatDate(weekdayDate(today, f.dow, f.nextWeek || nextWeek)));
    if (f.t === 'instant') {
      dates.push(formatDate(f.date));
      times.push(f.minutes);
    }
    if (f.t === 'part') parts.push(f.part);
  }
  const part = single(parts);
  if (part === null) return null;
  for (const f of found) {
    if (f.t !== 'clock') continue;
    const minutes = resolveHour(f.hour, f.explicit24, part) * 60 + f.offset;
    times.push((minutes + 1440) % 1440);
  }
  if (times.length === 0 && part !== undefined) {
    const fallback = PART_DEFAULT_MINUTES[part];
    if (fallback !== undefined) times.push(fallback);
  }
  const date = single(dates);
  const time = single(times);
  if (date === null || time === null || (date === undefined && time === undefined)) return null;
  const out: { date: string; time?: string } = { date: date ?? formatDate(today) };
  if (time !== undefined) out.time = formatTime(Math.floor(time / 60), time % 60);
  return out;
}
