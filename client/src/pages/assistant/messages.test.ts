import { expect, test } from 'bun:test';
import { ApiError } from '../../api';
import { assistantError, faqErrors, profileErrors } from './messages';

test('explains a prompt saved by someone else at the same moment', () => {
  const error = new ApiError(409, 'conflict', '', { reason: 'concurrent_save' });
  expect(assistantError(error)).toContain('באותו רגע');
});

test('explains that the FAQ is full', () => {
  expect(assistantError(new ApiError(409, 'conflict', '', { reason: 'too_many' }))).toContain('המרבי');
});

test('falls back to the shared Hebrew messages for other errors', () => {
  expect(assistantError(new ApiError(403, 'forbidden', ''))).toContain('הרשאה');
});

test('points a refused profile or FAQ entry at the fields the server named', () => {
  const profile = new ApiError(400, 'validation_failed', '', {
    fields: { greeting: 'Too small', prices: 'Too big' },
  });
  expect(Object.keys(profileErrors(profile)).sort()).toEqual(['greeting', 'prices']);
  expect(profileErrors(profile).prices).toContain('3,000');
  const faq = new ApiError(400, 'validation_failed', '', { fields: { 'channels.0': 'Invalid' } });
  expect(faqErrors(faq)).toEqual({ channels: 'בחרו לפחות ערוץ אחד.' });
});
