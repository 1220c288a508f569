import { describe, expect, test } from 'bun:test';
import { ApiError } from './api';
import { errorMessage, fieldErrors, formatWait } from './errors';

describe('errorMessage', () => {
  test('tells a user with a wrong password that the email or password is wrong', () => {
    expect(errorMessage(new ApiError(401, 'invalid_credentials', 'nope'))).toBe('האימייל או הסיסמה שגויים.');
  });

  test('tells a throttled user how long to wait, from Retry-After', () => {
    const error = new ApiError(429, 'too_many_attempts', '', undefined, 300);
    expect(errorMessage(error)).toBe('יותר מדי ניסיונות התחברות. נסו שוב בעוד 5 דקות.');
  });

  test('lets a form replace the generic sentence for one code', () => {
    const conflict = new ApiError(409, 'conflict', '');
    expect(errorMessage(conflict, { conflict: 'האימייל תפוס.' })).toBe('האימייל תפוס.');
    expect(errorMessage(conflict)).not.toBe('האימייל תפוס.');
  });

  test('never shows the server’s English message, even for unknown codes or non-API errors', () => {
    const unknown = errorMessage(new ApiError(500, 'boom', 'Internal stack trace'));
    expect(unknown).not.toContain('Internal');
    expect(errorMessage(new TypeError('x'))).toBe(unknown);
  });
});

describe('formatWait', () => {
  test('rounds up to whole minutes and hours so nobody retries too early', () => {
    expect(formatWait(45)).toBe('בעוד 45 שניות');
    expect(formatWait(61)).toBe('בעוד שתי דקות');
    expect(formatWait(60)).toBe('בעוד דקה');
    expect(formatWait(3601)).toBe('בעוד שעתיים');
    expect(formatWait(0)).toBe('בעוד שנייה');
  });
});

describe('fieldErrors', () => {
  test('maps validation details to the form’s Hebrew hints, folding indexed paths to their field', () => {
    const error = new ApiError(400, 'validation_failed', '', {
      fields: { 'phoneNumbers.1': 'bad', name: 'required', extra: 'x' },
    });
    expect(fieldErrors(error, { phoneNumbers: 'מספר לא תקין', name: 'חסר שם' })).toEqual({
      phoneNumbers: 'מספר לא תקין',
      name: 'חסר שם',
      extra: 'הערך בשדה זה אינו תקין.',
    });
  });

  test('returns nothing for errors that are not validation failures', () => {
    expect(fieldErrors(new ApiError(409, 'conflict', ''), { name: 'x' })).toEqual({});
  });
});
