import { ApiError } from '../../api';
import { errorMessage } from '../../errors';

/** Hebrew for what the server refuses about statuses (409 reasons, a taken name). */
export function statusError(error: unknown): string {
  if (error instanceof ApiError && error.code === 'conflict') {
    if (error.details?.reason === 'in_use')
      return 'אי אפשר למחוק סטטוס שיש או היו בו לידים. אפשר להוציא אותו משימוש במקום.';
    if (error.details?.reason === 'last_status') return 'חייב להישאר לפחות סטטוס אחד.';
    if (error.details?.fields?.name) return 'כבר קיים סטטוס בשם הזה.';
  }
  if (error instanceof ApiError && error.code === 'validation_failed')
    return 'יש להזין שם (עד 60 תווים) ולבחור צבע.';
  return errorMessage(error);
}
