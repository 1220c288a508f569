import { expect, test } from 'bun:test';
import { ApiError } from '../../api';
import { accountErrors, tokenFromHash } from './messages';

test('a weak new password is explained on its own field, in Hebrew', () => {
  const short = new ApiError(400, 'weak_password', 'x', {
    fields: { newPassword: 'must be at least 10 characters' },
  });
  expect(accountErrors(short)).toEqual({ fields: { newPassword: 'הסיסמה קצרה מדי: לפחות 10 תווים.' } });
  const same = new ApiError(400, 'weak_password', 'x', {
    fields: { newPassword: 'must differ from the current password' },
  });
  expect(accountErrors(same).fields.newPassword).toBe('הסיסמה החדשה חייבת להיות שונה מהנוכחית.');
  const common = new ApiError(400, 'weak_password', 'x', { fields: { password: 'is too common' } });
  expect(accountErrors(common).fields.password).toContain('נפוצה');
});

test('a wrong current password marks that field; a spent link and throttling speak to the whole form', () => {
  expect(accountErrors(new ApiError(400, 'wrong_password', 'x')).fields).toEqual({
    currentPassword: 'הסיסמה הנוכחית שגויה.',
  });
  expect(accountErrors(new ApiError(400, 'invalid_reset_link', 'x')).alert).toContain('בקשו קישור חדש');
  const throttled = accountErrors(new ApiError(429, 'too_many_attempts', 'x', undefined, 120));
  expect(throttled.alert).toBe('יותר מדי ניסיונות. נסו שוב בעוד שתי דקות.');
});

test('no error, no messages; a network failure is one sentence', () => {
  expect(accountErrors(undefined)).toEqual({ fields: {} });
  expect(accountErrors(new ApiError(0, 'network_error', 'x')).alert).toContain('אין חיבור');
});

test('the reset token is read from the link’s fragment, and nothing else passes', () => {
  const token = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456';
  expect(tokenFromHash(`#token=${token}`)).toBe(token);
  expect(tokenFromHash('')).toBeNull();
  expect(tokenFromHash('#token=<script>')).toBeNull();
  expect(tokenFromHash('#other=1')).toBeNull();
});
