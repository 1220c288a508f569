import { describe, expect, test } from 'bun:test';
import type { WeeklyHours } from '../../db/schema/appointments';
import { blockedInterval, bookingProblem, freeSlots, type ScheduleRules } from './slots';
import { formatInZone } from './zone';

const TZ = 'Asia/Jerusalem';
const nineToFive = [{ start: '09:00', end: '17:00' }];
const hours: WeeklyHours = {
  sun: nineToFive,
  mon: nineToFive,
  tue: nineToFive,
  wed: nineToFive,
  thu: nineToFive,
  fri: [],
  sat: [],
};
const rules: ScheduleRules = {
  timezone: TZ,
  weeklyHours: hours,
  slotMinutes: 30,
  windowDays: 30,
  noticeMinutes: 60,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  closedDates: [],
};
const at = (iso: string) => Date.parse(iso);
const starts = (q: Parameters<typeof freeSlots>[0]) => freeSlots(q).map((s) => formatInZone(s.start, TZ));

describe('slots across the daylight-saving changes of 2026', () => {
  const yearAhead = { ...rules, windowDays: 365 };
  test.each([
    // The week Israel moves to summer time (Friday 27 March, 02:00).
    ['2026-03-26', '2026-03-26T09:00:00+02:00', '2026-03-26T16:30:00+02:00'],
    ['2026-03-29', '2026-03-29T09:00:00+03:00', '2026-03-29T16:30:00+03:00'],
    // The week it moves back (Sunday 25 October, 02:00).
    ['2026-10-22', '2026-10-22T09:00:00+03:00', '2026-10-22T16:30:00+03:00'],
    ['2026-10-25', '2026-10-25T09:00:00+02:00', '2026-10-25T16:30:00+02:00'],
  ])('%s opens at %s and its last slot starts at %s', (date, first, last) => {
    const list = starts({
      rules: yearAhead,
      from: date,
      to: date,
      now: at('2026-03-01T00:00:00Z'),
      busy: [],
    });
    expect(list).toHaveLength(16);
    expect(list[0]).toBe(first);
    expect(list.at(-1)).toBe(last);
  });

  test('the whole change week has slots on Sunday to Thursday only, with the right offsets', () => {
    const list = starts({
      rules,
      from: '2026-03-22',
      to: '2026-03-28',
      now: at('2026-03-01T00:00:00Z'),
      busy: [],
    });
    expect(list).toHaveLength(5 * 16);
    const days = [...new Set(list.map((s) => s.slice(0, 10) + s.slice(19)))];
    expect(days).toEqual([
      '2026-03-22+02:00',
      '2026-03-23+02:00',
      '2026-03-24+02:00',
      '2026-03-25+02:00',
      '2026-03-26+02:00',
    ]);
  });

  test('a night range across the spring change keeps real half hours and skips the lost hour', () => {
    const night = { ...rules, weeklyHours: { ...hours, fri: [{ start: '00:00', end: '04:00' }] } };
    const now = at('2026-03-20T00:00:00Z');
    const list = starts({ rules: night, from: '2026-03-27', to: '2026-03-27', now, busy: [] });
    expect(list).toEqual([
      '2026-03-27T00:00:00+02:00',
      '2026-03-27T00:30:00+02:00',
      '2026-03-27T01:00:00+02:00',
      '2026-03-27T01:30:00+02:00',
      '2026-03-27T03:00:00+03:00',
      '2026-03-27T03:30:00+03:00',
    ]);
  });
});

describe('why a time cannot be booked', () => {
  // Sunday 1 March 2026, 09:00 in Jerusalem.
  const now = at('2026-03-01T09:00:00+02:00');
  test.each([
    ['exactly the notice ahead', '2026-03-01T10:00:00+02:00', 30, null],
    ['a minute short of the notice', '2026-03-01T09:59:00+02:00', 30, 'too_soon'],
    ['in the past', '2026-02-26T10:00:00+02:00', 30, 'too_soon'],
    ['the last day of the window', '2026-03-31T16:30:00+03:00', 30, null],
    ['the day after the window', '2026-04-01T09:00:00+03:00', 30, 'outside_window'],
    ['before opening', '2026-03-02T08:30:00+02:00', 30, 'outside_hours'],
    ['running past closing', '2026-03-02T16:45:00+02:00', 30, 'outside_hours'],
    ['ending exactly at closing', '2026-03-02T16:00:00+02:00', 60, null],
    ['on a Friday', '2026-03-06T10:00:00+02:00', 30, 'outside_hours'],
    ['off the slot grid but within hours', '2026-03-02T10:10:00+02:00', 30, null],
  ])('%s (%s, %i min) → %p', (_label, start, duration, problem) => {
    expect(bookingProblem(rules, at(start), duration, now)).toBe(problem as never);
  });

  test('a closed date refuses even within the hours', () => {
    const closed = { ...rules, closedDates: ['2026-03-03'] };
    expect(bookingProblem(closed, at('2026-03-03T10:00:00+02:00'), 30, now)).toBe('closed_date');
    expect(freeSlots({ rules: closed, from: '2026-03-03', to: '2026-03-03', now, busy: [] })).toEqual([]);
  });
});

describe('free slots', () => {
  const now = at('2026-03-01T07:00:00+02:00');
  const day = '2026-03-02';

  test('several ranges a day leave the gap between them free of slots', () => {
    const split = {
      ...rules,
      weeklyHours: {
        ...hours,
        mon: [
          { start: '09:00', end: '12:00' },
          { start: '14:00', end: '15:00' },
        ],
      },
    };
    expect(starts({ rules: split, from: day, to: day, now, busy: [] }).map((s) => s.slice(11, 16))).toEqual([
      '09:00',
      '09:30',
      '10:00',
      '10:30',
      '11:00',
      '11:30',
      '14:00',
      '14:30',
    ]);
  });

  test('buffers keep the time around a booked appointment free of overlapping slots', () => {
    const buffered = { ...rules, bufferBeforeMinutes: 15, bufferAfterMinutes: 15 };
    const booked = blockedInterval(buffered, at(`${day}T10:00:00+02:00`), 30);
    const list = starts({ rules: buffered, from: day, to: day, now, busy: [booked] }).map((s) =>
      s.slice(11, 16),
    );
    expect(list.slice(0, 3)).toEqual(['09:00', '11:00', '11:30']);
  });

  test('the notice hides the first slots of today', () => {
    const list = starts({
      rules,
      from: '2026-03-01',
      to: '2026-03-01',
      now: at('2026-03-01T12:10:00+02:00'),
      busy: [],
    });
    expect(list[0]).toBe('2026-03-01T13:30:00+02:00');
  });

  test('a longer duration fits only where the whole appointment fits before closing', () => {
    const list = starts({ rules, from: day, to: day, now, busy: [], durationMinutes: 90 });
    expect(list.at(-1)?.slice(11, 16)).toBe('15:30');
  });

  test('days beyond the window have no slots', () => {
    expect(freeSlots({ rules, from: '2026-04-01', to: '2026-04-05', now, busy: [] })).toEqual([]);
  });
});
