/**
 * The booking rules as pure functions: whether a start time may be booked, and the free
 * slots of a range of days. Instants are epoch milliseconds; intervals are half-open.
 * The database's exclusion constraint applies the same overlap rule to what is stored.
 */
import { WEEKDAYS, type WeeklyHours } from '../../db/schema/appointments';
import { addDays, daysBetween, localParts, weekdayOf, zonedInstant } from './zone';

export interface ScheduleRules {
  timezone: string;
  weeklyHours: WeeklyHours;
  slotMinutes: number;
  /** The last bookable day is today + windowDays (local dates). */
  windowDays: number;
  noticeMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  closedDates: readonly string[];
}

export interface Interval {
  start: number;
  end: number;
}

export const BOOKING_PROBLEMS = ['too_soon', 'outside_window', 'closed_date', 'outside_hours'] as const;
export type BookingProblem = (typeof BOOKING_PROBLEMS)[number];

const MINUTE = 60_000;

/** 'HH:MM' → minutes after midnight ('24:00' → 1440). */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** The opening ranges of one local date as instants; none on a closed date. */
export function openRanges(rules: ScheduleRules, date: string): Interval[] {
  if (rules.closedDates.includes(date)) return [];
  const day = WEEKDAYS[weekdayOf(date)] ?? 'sun';
  return rules.weeklyHours[day].map((r) => ({
    start: zonedInstant(date, minutesOf(r.start), rules.timezone),
    end: zonedInstant(date, minutesOf(r.end), rules.timezone),
  }));
}

/** The time an appointment keeps from others: itself widened by the buffers. */
export function blockedInterval(rules: ScheduleRules, start: number, durationMinutes: number): Interval {
  return {
    start: start - rules.bufferBeforeMinutes * MINUTE,
    end: start + (durationMinutes + rules.bufferAfterMinutes) * MINUTE,
  };
}

/**
 * Why an appointment of durationMinutes starting at `start` may not be booked at `now`,
 * or null when it may (ignoring other appointments). The appointment itself must lie
 * within one opening range of its local date; its buffers may reach outside.
 */
export function bookingProblem(
  rules: ScheduleRules,
  start: number,
  durationMinutes: number,
  now: number,
): BookingProblem | null {
  if (start < now + rules.noticeMinutes * MINUTE) return 'too_soon';
  const { date } = localParts(start, rules.timezone);
  const today = localParts(now, rules.timezone).date;
  if (daysBetween(today, date) > rules.windowDays) return 'outside_window';
  if (rules.closedDates.includes(date)) return 'closed_date';
  const end = start + durationMinutes * MINUTE;
  const fits = openRanges(rules, date).some((r) => r.start <= start && end <= r.end);
  return fits ? null : 'outside_hours';
}

const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;

export interface SlotQuery {
  rules: ScheduleRules;
  /** Local dates, inclusive. */
  from: string;
  to: string;
  now: number;
  /** Blocked intervals of the active appointments (buffers included). */
  busy: readonly Interval[];
  durationMinutes?: number;
}

/**
 * The free slots from `from` to `to`: every slotMinutes from the start of each opening
 * range (stepping in real time, so a range across a clock change keeps true lengths),
 * bookable now, and whose blocked interval overlaps no busy one. Sorted by start.
 */
export function freeSlots(q: SlotQuery): Interval[] {
  const { rules } = q;
  const duration = q.durationMinutes ?? rules.slotMinutes;
  const slots: Interval[] = [];
  for (let date = q.from; date <= q.to; date = addDays(date, 1)) {
    for (const range of openRanges(rules, date)) {
      for (let t = range.start; t + duration * MINUTE <= range.end; t += rules.slotMinutes * MINUTE) {
        if (bookingProblem(rules, t, duration, q.now)) continue;
        const blocked = blockedInterval(rules, t, duration);
        if (q.busy.some((b) => overlaps(b, blocked))) continue;
        slots.push({ start: t, end: t + duration * MINUTE });
      }
    }
  }
  return slots.sort((a, b) => a.start - b.start);
}
