import { expect, test } from 'bun:test';
import { formatInZone, isIsoDate, localParts, offsetMinutes, zonedInstant } from './zone';

const TZ = 'Asia/Jerusalem';

test.each([
  ['2026-03-26', 9 * 60, '2026-03-26T09:00:00+02:00'],
  // Israel moves to summer time at 02:00 on Friday 27 March 2026.
  ['2026-03-27', 9 * 60, '2026-03-27T09:00:00+03:00'],
  ['2026-03-29', 9 * 60, '2026-03-29T09:00:00+03:00'],
  ['2026-10-22', 9 * 60, '2026-10-22T09:00:00+03:00'],
  // ...and back at 02:00 on Sunday 25 October 2026.
  ['2026-10-25', 9 * 60, '2026-10-25T09:00:00+02:00'],
  ['2026-10-25', 24 * 60, '2026-10-26T00:00:00+02:00'],
])('%s at minute %i in Jerusalem is %s', (date, minutes, iso) => {
  const instant = zonedInstant(date, minutes, TZ);
  expect(formatInZone(instant, TZ)).toBe(iso);
  expect(instant).toBe(Date.parse(iso));
});

test('a time skipped by the spring change lands past the change, not before it', () => {
  const t = zonedInstant('2026-03-27', 2 * 60 + 30, TZ);
  expect(formatInZone(t, TZ)).toBe('2026-03-27T03:30:00+03:00');
});

test('a time repeated by the autumn change resolves to its first occurrence', () => {
  const t = zonedInstant('2026-10-25', 60 + 30, TZ);
  expect(formatInZone(t, TZ)).toBe('2026-10-25T01:30:00+03:00');
  expect(offsetMinutes(t + 3_600_000, TZ)).toBe(120);
});

test('local parts give the date, weekday and minutes the clock shows', () => {
  expect(localParts(Date.parse('2026-03-28T22:30:00Z'), TZ)).toEqual({
    date: '2026-03-29',
    weekday: 0,
    minutes: 90,
  });
});

test('offsets west of UTC are written with a minus sign', () => {
  expect(formatInZone(Date.parse('2026-01-15T12:00:00Z'), 'America/New_York')).toBe(
    '2026-01-15T07:00:00-05:00',
  );
});

test('only real calendar dates pass as dates', () => {
  expect(['2026-02-28', '2028-02-29'].map(isIsoDate)).toEqual([true, true]);
  expect(['2026-02-29', '2026-13-01', '26-01-01', '2026-1-1'].map(isIsoDate)).toEqual([
    false,
    false,
    false,
    false,
  ]);
});
