import { expect, test } from 'bun:test';
import { customerReminderHint, HOURS_HINT, leadTimeText, staffReminderHint } from './lead-time';

test('reads whole days as days and the rest as hours, with the Hebrew duals', () => {
  expect(leadTimeText(24)).toBe('יום לפני הפגישה');
  expect(leadTimeText(48)).toBe('יומיים לפני הפגישה');
  expect(leadTimeText(72)).toBe('3 ימים לפני הפגישה');
  expect(leadTimeText(1)).toBe('שעה לפני הפגישה');
  expect(leadTimeText(2)).toBe('שעתיים לפני הפגישה');
  expect(leadTimeText(30)).toBe('30 שעות לפני הפגישה');
});

test('tells the owner that 0 switches a reminder off', () => {
  expect(customerReminderHint(0)).toContain('לא יקבל תזכורת');
  expect(staffReminderHint(0)).toContain('לא יקבל תזכורת');
  expect(customerReminderHint(24)).toBe('הלקוח יקבל הודעת וואטסאפ יום לפני הפגישה.');
});

test('falls back to the allowed range for a value the server will refuse', () => {
  for (const bad of [Number.NaN, 1.5, -1, 169]) {
    expect(leadTimeText(bad)).toBeUndefined();
    expect(customerReminderHint(bad)).toBe(HOURS_HINT);
  }
});
