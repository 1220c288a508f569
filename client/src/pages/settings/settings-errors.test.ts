import { expect, test } from 'bun:test';
import { ApiError } from '../../api';
import { settingsErrors } from './settings-errors';

test('points a refused range at its own day and other problems at their field', () => {
  const error = new ApiError(400, 'validation_failed', '', {
    fields: {
      'weeklyHours.mon': 'ranges overlap',
      'weeklyHours.tue.0.start': 'must be HH:MM',
      'closedDates.2': 'must be a date YYYY-MM-DD',
      slotMinutes: 'too small',
    },
  });
  const errors = settingsErrors(error);
  expect(Object.keys(errors).sort()).toEqual([
    'closedDates',
    'slotMinutes',
    'weeklyHours.mon',
    'weeklyHours.tue',
  ]);
  expect(errors['weeklyHours.mon']).toContain('חפיפה');
  expect(errors.slotMinutes).toContain('5');
});

test('has nothing to say about errors other than validation failures', () => {
  expect(settingsErrors(new ApiError(403, 'forbidden', ''))).toEqual({});
  expect(settingsErrors(new Error('x'))).toEqual({});
});
