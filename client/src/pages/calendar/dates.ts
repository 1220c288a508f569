/**
 * Calendar dates as the business sees them. Local dates are 'YYYY-MM-DD' strings and
 * times are minutes after local midnight; the API writes every instant as ISO with the
 * business's own offset, so its wall-clock date and time are read straight from the text
 * and no time-zone arithmetic happens in the browser beyond "what date is it there now".
 */
const DAY_MS = 86_400_000;

/** Today's date in `timezone` at `now` (epoch ms). */
export function todayIn(timezone: string, now: number): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(now));
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The Sunday that starts the week of `date` (Israeli weeks run Sunday to Saturday). */
export function weekStart(date: string): string {
  return addDays(date, -weekdayOf(date));
}

/**
 * The seven dates of the week of `date`, Sunday first. The calendar renders them in this
 * DOM order inside a right-to-left page, so Sunday sits on the right and days flow leftwards.
 */
export function weekDates(date: string): string[] {
  const start = weekStart(date);
  return Array.from({ length: 7 }, (_, i) => addDays(start, i));
}

export function isIsoDate(value: string | undefined): value is string {
  return !!value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

/** The wall-clock date and minutes of an ISO instant written with its local offset. */
export function wallClock(iso: string): { date: string; minutes: number } {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(iso);
  if (!match) throw new Error(`not an ISO date-time: ${iso}`);
  return { date: match[1] as string, minutes: Number(match[2]) * 60 + Number(match[3]) };
}

/** 540 → '09:00'. */
export function clockText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  return `${String(h).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** '09:30' → 570. */
export function minutesOf(hhmm: string): number {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

const dayFormat = new Intl.DateTimeFormat('he-IL', { timeZone: 'UTC', weekday: 'long' });
const shortDate = new Intl.DateTimeFormat('he-IL', { timeZone: 'UTC', day: 'numeric', month: 'numeric' });
const longDate = new Intl.DateTimeFormat('he-IL', {
  timeZone: 'UTC',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
});
const utc = (date: string) => new Date(`${date}T00:00:00Z`);

/** 'יום ראשון' */
export const weekdayName = (date: string) => dayFormat.format(utc(date));
/** '29.3' */
export const shortDateText = (date: string) => shortDate.format(utc(date));
/** 'יום ראשון, 29 במרץ' */
export const longDateText = (date: string) => longDate.format(utc(date));

/** The grid's row height in minutes: every time the calendar places is rounded to it. */
export const ROW_MINUTES = 5;

/**
 * The hours the grid shows: from the earliest opening or appointment of the visible days
 * to the latest, widened to whole hours; 08:00–18:00 when there is nothing to show.
 */
export function visibleHours(spans: readonly { start: number; end: number }[]): {
  start: number;
  end: number;
} {
  if (spans.length === 0) return { start: 8 * 60, end: 18 * 60 };
  const start = Math.min(...spans.map((s) => s.start));
  const end = Math.max(...spans.map((s) => s.end));
  return { start: Math.floor(start / 60) * 60, end: Math.min(24 * 60, Math.ceil(end / 60) * 60) };
}

/**
 * The CSS grid rows (1-based start, span) of a time span in a grid starting at `dayStart`,
 * one row per ROW_MINUTES, clipped to the visible hours and at least one row high.
 */
export function gridRows(
  span: { start: number; end: number },
  hours: { start: number; end: number },
): { row: number; span: number } {
  const start = Math.max(span.start, hours.start);
  const end = Math.min(Math.max(span.end, start + ROW_MINUTES), hours.end);
  const row = Math.floor((start - hours.start) / ROW_MINUTES) + 1;
  return { row, span: Math.max(1, Math.round((end - start) / ROW_MINUTES)) };
}

/** The UnoCSS classes placing a span on the grid (uno.config.ts safelists every row). */
export function rowClass(rows: { row: number; span: number }): string {
  return `row-start-${rows.row} row-span-${rows.span}`;
}

const rangeFormat = new Intl.DateTimeFormat('he-IL', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** '22–28 במרץ 2026'; one date alone when from = to. */
export function rangeText(from: string, to: string): string {
  return from === to ? rangeFormat.format(utc(from)) : rangeFormat.formatRange(utc(from), utc(to));
}
