import { expect, test } from 'bun:test';
import { ApiError } from '../../api';
import { statusError } from './status-messages';

test('deleting a status in use explains that it can only be retired', () => {
  const error = new ApiError(409, 'conflict', 'This status is in use; retire it instead', {
    reason: 'in_use',
  });
  expect(statusError(error)).toBe('אי אפשר למחוק סטטוס שיש או היו בו לידים. אפשר להוציא אותו משימוש במקום.');
});

test('a taken name and the last status each get their own sentence', () => {
  const taken = new ApiError(409, 'conflict', '', { fields: { name: 'is already in use' } });
  const last = new ApiError(409, 'conflict', '', { reason: 'last_status' });
  expect(statusError(taken)).toBe('כבר קיים סטטוס בשם הזה.');
  expect(statusError(last)).toBe('חייב להישאר לפחות סטטוס אחד.');
});
