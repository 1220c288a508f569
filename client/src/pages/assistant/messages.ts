import { ApiError } from '../../api';
import { errorMessage, fieldErrors } from '../../errors';

/** Hebrew for what the server refuses about the assistant's settings, beyond the generic codes. */
export function assistantError(error: unknown): string {
  if (error instanceof ApiError && error.code === 'conflict') {
    if (error.details?.reason === 'concurrent_save')
      return 'מישהו אחר שמר את ההנחיות באותו רגע. רעננו את הדף ושמרו שוב.';
    if (error.details?.reason === 'too_many')
      return 'הגעתם למספר השאלות המרבי. מחקו שאלה ישנה לפני שמוסיפים חדשה.';
  }
  if (error instanceof ApiError && error.code === 'not_found')
    return 'הגרסה או הפריט לא נמצאו. ייתכן שנמחקו.';
  return errorMessage(error);
}

const PROFILE_HINTS: Record<string, string> = {
  assistantName: 'יש להזין שם (עד 60 תווים).',
  introduction: 'ההצגה ארוכה מדי (עד 500 תווים).',
  greeting: 'יש להזין משפט פתיחה (עד 300 תווים).',
  voice: 'בחרו קול מהרשימה.',
  persona: 'בחרו לשון פנייה.',
  address: 'הכתובת ארוכה מדי (עד 300 תווים).',
  hoursText: 'שעות הפעילות ארוכות מדי (עד 1,000 תווים).',
  services: 'רשימת השירותים ארוכה מדי (עד 3,000 תווים).',
  prices: 'המחירון ארוך מדי (עד 3,000 תווים).',
};

/** Per-field Hebrew messages for a refused profile. */
export function profileErrors(error: unknown): Record<string, string> {
  return fieldErrors(error, PROFILE_HINTS);
}

const FAQ_HINTS: Record<string, string> = {
  question: 'יש להזין שאלה (2 עד 500 תווים).',
  answer: 'יש להזין תשובה (עד 2,000 תווים).',
  channels: 'בחרו לפחות ערוץ אחד.',
};

/** Per-field Hebrew messages for a refused FAQ entry. */
export function faqErrors(error: unknown): Record<string, string> {
  return fieldErrors(error, FAQ_HINTS);
}
