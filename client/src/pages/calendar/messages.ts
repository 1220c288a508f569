import { ApiError } from '../../api';
import { errorMessage } from '../../errors';
import type { AppointmentStatus } from './data';

/** Why the server refused a time (400 not_bookable, details.reason), in Hebrew. */
const NOT_BOOKABLE: Record<string, string> = {
  too_soon: 'השעה קרובה מדי לעכשיו: צריך להזמין מראש לפי זמן ההתראה המינימלי של העסק.',
  outside_window: 'התאריך רחוק מדי: אי אפשר לקבוע פגישה מעבר לחלון ההזמנות של העסק.',
  closed_date: 'העסק סגור בתאריך הזה.',
  outside_hours: 'השעה מחוץ לשעות הפעילות של העסק.',
};

/** 409 answers by details.reason. */
const CONFLICTS: Record<string, string> = {
  slot_taken: 'השעה הזו כבר נתפסה. בחרו שעה פנויה אחרת.',
  invalid_transition: 'אי אפשר לשנות את הפגישה למצב הזה.',
  not_active: 'אפשר להזיז רק פגישה פעילה.',
};

/** One Hebrew sentence for a failed booking, move or cancellation. */
export function bookingError(error: unknown): string {
  if (error instanceof ApiError) {
    const reason = typeof error.details?.reason === 'string' ? error.details.reason : '';
    if (error.code === 'not_bookable') return NOT_BOOKABLE[reason] ?? 'אי אפשר לקבוע פגישה בשעה הזו.';
    if (error.code === 'conflict' && CONFLICTS[reason]) return CONFLICTS[reason];
  }
  return errorMessage(error);
}

export const STATUS_LABEL: Record<AppointmentStatus, string> = {
  booked: 'נקבעה',
  confirmed: 'אושרה',
  cancelled: 'בוטלה',
  completed: 'התקיימה',
  no_show: 'לא הגיע/ה',
};
