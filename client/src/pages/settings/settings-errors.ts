import { ApiError } from '../../api';

const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const MESSAGES: Record<string, string> = {
  weeklyHours: 'בדקו את השעות: כל טווח מסתיים אחרי שהוא מתחיל, ואין חפיפה בין טווחים.',
  slotMinutes: 'משך משבצת הוא בין 5 ל-480 דקות.',
  windowDays: 'חלון ההזמנות הוא בין 0 ל-365 ימים.',
  noticeMinutes: 'זמן ההתראה הוא בין 0 ל-43,200 דקות (30 יום).',
  bufferBeforeMinutes: 'הפסקה לפני פגישה היא בין 0 ל-240 דקות.',
  bufferAfterMinutes: 'הפסקה אחרי פגישה היא בין 0 ל-240 דקות.',
  closedDates: 'אחד התאריכים הסגורים אינו תקין.',
  timezone: 'אזור הזמן שנבחר אינו מוכר.',
};

/**
 * Hebrew messages for a `validation_failed` answer to PUT /api/appointment-settings, keyed
 * by field: the weekly hours per day ('weeklyHours.mon', however deep the server's path),
 * everything else by its top-level name ('closedDates.2' → 'closedDates').
 */
export function settingsErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed') return {};
  const out: Record<string, string> = {};
  for (const path of Object.keys(error.details?.fields ?? {})) {
    const [root = '', day] = path.split('.');
    const key = root === 'weeklyHours' && day && WEEKDAY_KEYS.includes(day) ? `weeklyHours.${day}` : root;
    out[key] = MESSAGES[root] ?? 'אחד הערכים אינו תקין.';
  }
  return out;
}
