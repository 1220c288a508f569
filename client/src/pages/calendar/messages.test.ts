import { expect, test } from 'bun:test';
import { ApiError } from '../../api';
import { bookingError } from './messages';

test('a taken slot says so in Hebrew and asks for another time', () => {
  const error = new ApiError(409, 'conflict', 'This time is already taken', { reason: 'slot_taken' });
  expect(bookingError(error)).toBe('השעה הזו כבר נתפסה. בחרו שעה פנויה אחרת.');
});

test('each refusal by the booking rules names its own reason', () => {
  const reasons = ['too_soon', 'outside_window', 'closed_date', 'outside_hours'];
  const messages = reasons.map((reason) =>
    bookingError(new ApiError(400, 'not_bookable', 'English text', { reason })),
  );
  expect(new Set(messages).size).toBe(4);
  expect(messages[2]).toBe('העסק סגור בתאריך הזה.');
  for (const message of messages) expect(message).not.toContain('English');
});

test('other errors fall back to the dashboard’s general sentences', () => {
  expect(bookingError(new ApiError(0, 'network_error', ''))).toContain('אין חיבור לשרת');
});
