import { describe, expect, test } from 'bun:test';
import {
  addDays,
  clockText,
  gridRows,
  longDateText,
  todayIn,
  visibleHours,
  wallClock,
  weekDates,
  weekdayName,
  weekStart,
} from './dates';

const TZ = 'Asia/Jerusalem';

describe('the week of a date in Asia/Jerusalem', () => {
  test('just after midnight on Sunday in Jerusalem is already the new week, while UTC is still Saturday', () => {
    const now = Date.parse('2026-03-28T21:30:00Z'); // Sunday 00:30 in Jerusalem (UTC+3)
    const today = todayIn(TZ, now);
    expect(today).toBe('2026-03-29');
    expect(weekStart(today)).toBe('2026-03-29');
  });

  test('late on Saturday night still belongs to the week that began the Sunday before', () => {
    const now = Date.parse('2026-01-10T21:59:00Z'); // Saturday 23:59 in Jerusalem (UTC+2)
    expect(todayIn(TZ, now)).toBe('2026-01-10');
    expect(weekStart(todayIn(TZ, now))).toBe('2026-01-04');
  });

  test('a week with the spring clock change still has seven consecutive days, Sunday to Saturday', () => {
    // Israel moves its clocks forward on Friday 27 March 2026.
    const days = weekDates('2026-03-27');
    expect(days).toEqual([
      '2026-03-22',
      '2026-03-23',
      '2026-03-24',
      '2026-03-25',
      '2026-03-26',
      '2026-03-27',
      '2026-03-28',
    ]);
    expect(days.map(weekdayName)).toEqual([
      'יום ראשון',
      'יום שני',
      'יום שלישי',
      'יום רביעי',
      'יום חמישי',
      'יום שישי',
      'יום שבת',
    ]);
  });

  test('weeks cross month and year ends', () => {
    expect(weekStart('2026-01-01')).toBe('2025-12-28');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
  });
});

describe('reading times as the business sees them', () => {
  test('uses the wall clock written in the ISO text, whatever offset it carries', () => {
    expect(wallClock('2026-03-27T09:00:00+03:00')).toEqual({ date: '2026-03-27', minutes: 540 });
    expect(wallClock('2026-03-26T09:00:00+02:00')).toEqual({ date: '2026-03-26', minutes: 540 });
    expect(clockText(545)).toBe('09:05');
  });

  test('names dates in Hebrew', () => {
    expect(longDateText('2026-03-29')).toContain('במרץ');
  });
});

describe('placing times on the grid', () => {
  test('shows whole hours around the openings, or a working day when there is nothing', () => {
    expect(visibleHours([])).toEqual({ start: 480, end: 1080 });
    expect(
      visibleHours([
        { start: 9 * 60 + 30, end: 13 * 60 },
        { start: 16 * 60, end: 19 * 60 + 15 },
      ]),
    ).toEqual({ start: 540, end: 1200 });
  });

  test('puts a 30-minute slot at 10:00 six rows high, two hours below a 08:00 start', () => {
    const hours = { start: 480, end: 1080 };
    expect(gridRows({ start: 600, end: 630 }, hours)).toEqual({ row: 25, span: 6 });
    // Clipped at the visible edges, never zero rows high.
    expect(gridRows({ start: 450, end: 500 }, hours)).toEqual({ row: 1, span: 4 });
    expect(gridRows({ start: 700, end: 700 }, hours)).toEqual({ row: 45, span: 1 });
  });
});
