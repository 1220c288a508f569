/**
 * Wall-clock arithmetic in an IANA time zone with nothing but Intl: the offset at an
 * instant, the instant of a local date and time, and ISO strings carrying the offset.
 * Instants are epoch milliseconds; local dates are 'YYYY-MM-DD'; local times are minutes
 * after midnight (1440 is the next midnight).
 */
const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** What tz's clocks show at the instant (epoch ms). Throws RangeError for an unknown zone. */
export function wallClock(instant: number, tz: string): WallClock {
  const out: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return out as unknown as WallClock;
}

/** Minutes east of UTC that tz's clocks show at the instant (Israel: 120 or 180). */
export function offsetMinutes(instant: number, tz: string): number {
  const w = wallClock(instant, tz);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The local date, weekday (0 = Sunday) and minutes after midnight of an instant in tz. */
export function localParts(instant: number, tz: string): { date: string; weekday: number; minutes: number } {
  const w = wallClock(instant, tz);
  const date = `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
  return { date, weekday: weekdayOf(date), minutes: w.hour * 60 + w.minute };
}

/**
 * The instant at which tz's clocks show `date` at `minutes`. A time skipped by a
 * spring-forward change resolves to the same distance past the change (02:30 → 03:30);
 * a time that occurs twice after a fall-back change resolves to its first occurrence.
 */
export function zonedInstant(date: string, minutes: number, tz: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d) + minutes * 60_000;
  const before = offsetMinutes(wall - DAY_MS, tz);
  const after = offsetMinutes(wall + DAY_MS, tz);
  const valid = [before, after]
    .map((o) => wall - o * 60_000)
    .filter((t) => wall - offsetMinutes(t, tz) * 60_000 === t);
  if (valid.length > 0) return Math.min(...valid);
  return wall - before * 60_000;
}

/** ISO 8601 with tz's offset at that instant: '2026-03-27T09:00:00+03:00'. */
export function formatInZone(instant: number, tz: string): string {
  const w = wallClock(instant, tz);
  const offset = offsetMinutes(instant, tz);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether s is a real calendar date written 'YYYY-MM-DD'. */
export function isIsoDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(s);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from a to b (both 'YYYY-MM-DD'). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}
