/**
 * Calendar arithmetic for the Hebrew date parser. Zone math happens once, in `zonedNow`,
 * through Intl; everything after works on civil (wall-calendar) dates, which have no
 * daylight-saving problems: "tomorrow" is the next civil date whatever the clocks do.
 */
import { wallClock } from '../scheduling/zone';

export interface CivilDate {
  year: number;
  /** 1..12 */
  month: number;
  /** 1..31 */
  day: number;
}

export interface ZonedNow extends CivilDate {
  hour: number;
  minute: number;
}

/** The wall-clock date and time of `instant` in `timeZone` (an unknown zone throws: the caller's bug). */
export function zonedNow(instant: Date, timeZone: string): ZonedNow {
  const w = wallClock(instant.getTime(), timeZone);
  return { year: w.year, month: w.month, day: w.day, hour: w.hour, minute: w.minute };
}

function toUtc(d: CivilDate): Date {
  return new Date(Date.UTC(d.year, d.month - 1, d.day));
}

function fromUtc(t: Date): CivilDate {
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

export function addDays(d: CivilDate, n: number): CivilDate {
  return fromUtc(new Date(Date.UTC(d.year, d.month - 1, d.day + n)));
}

/** Same day `n` months later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(d: CivilDate, n: number): CivilDate {
  const first = new Date(Date.UTC(d.year, d.month - 1 + n, 1));
  const y = first.getUTCFullYear();
  const m = first.getUTCMonth() + 1;
  return { year: y, month: m, day: Math.min(d.day, daysInMonth(y, m)) };
}

/** 0 = Sunday (יום ראשון) .. 6 = Saturday (שבת). */
export function weekday(d: CivilDate): number {
  return toUtc(d).getUTCDay();
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isValidDate(d: CivilDate): boolean {
  return d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= daysInMonth(d.year, d.month);
}

export function compareDates(a: CivilDate, b: CivilDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function formatDate(d: CivilDate): string {
  return `${String(d.year).padStart(4, '0')}-${pad(d.month)}-${pad(d.day)}`;
}

export function formatTime(hour: number, minute: number): string {
  return `${pad(hour)}:${pad(minute)}`;
}
