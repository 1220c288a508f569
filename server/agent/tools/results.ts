/**
 * What a tool answers the model: `ok: true` with what happened, or `ok: false` with a
 * machine code and a Hebrew reason the model can say or act on. Actions are what the
 * channel must know (a booking made, a transfer asked for, the call to end).
 */
import type { BookingProblem } from '../../scheduling/slots';

export type AgentAction =
  | { type: 'booked'; appointmentId: string; startsAt: string }
  | { type: 'rescheduled'; appointmentId: string; startsAt: string }
  | { type: 'cancelled'; appointmentId: string }
  | { type: 'lead_saved'; leadId: string }
  | { type: 'transfer'; reason: string; live: boolean }
  | { type: 'end_call'; reason?: string };

export type ToolResult =
  | { ok: true; message: string; data?: Record<string, unknown>; action?: AgentAction }
  | { ok: false; code: string; message: string };

export const failure = (code: keyof typeof REASONS | string, message?: string): ToolResult => ({
  ok: false,
  code,
  message: message ?? REASONS[code as keyof typeof REASONS] ?? 'הפעולה נכשלה.',
});

export const REASONS = {
  invalid_arguments: 'הפרמטרים שנשלחו לכלי אינם תקינים.',
  unknown_tool: 'אין כלי בשם הזה.',
  not_confirmed:
    'עוד לא התקבל אישור. חזור ללקוח על השם ועל מספר הטלפון (ועל המועד), קבל אישור מפורש שהם נכונים, ורק אז קרא שוב עם confirmed: true.',
  placeholder: 'השם שנמסר הוא שם כללי ולא שם אמיתי. בקש מהלקוח את שמו המלא.',
  not_a_name: 'זה לא נראה כמו שם של אדם. בקש מהלקוח את שמו המלא.',
  invalid_phone: 'מספר הטלפון אינו מספר ישראלי תקין. בקש מהלקוח לומר אותו שוב, ספרה אחר ספרה.',
  phone_required: 'חסר מספר טלפון. בקש מהלקוח את המספר שלו וחזור עליו ספרה אחר ספרה.',
  unparsed_date: 'לא הצלחתי להבין את התאריך או השעה. בקש מהלקוח יום ושעה מדויקים.',
  time_required: 'חסרה שעה. שאל את הלקוח באיזו שעה הוא רוצה.',
  past_date: 'התאריך הזה כבר עבר. שאל את הלקוח לאיזה יום הוא מתכוון.',
  slot_taken: 'השעה הזאת כבר תפוסה. בדוק שעות פנויות עם check_availability והצע ללקוח חלופה.',
  no_appointment: 'לא מצאתי תור עתידי למספר הזה. ודא עם הלקוח את המספר שבו נקבע התור.',
  not_own_appointment: 'בוואטסאפ אפשר לשנות או לבטל רק תור שנקבע על המספר שממנו הלקוח כותב.',
  no_faq_match: 'אין תשובה מוכנה לשאלה הזאת. אל תמציא תשובה: אמור שתבדוק עם הצוות, והצע להעביר לנציג.',
  unconfirmed_faq:
    'אין תשובה מוכנה שעונה בוודאות על השאלה הזאת. אלה השאלות הקרובות ברשימת העסק (בשדה related): ענה מתשובה מהן רק אם היא עונה בדיוק על מה שנשאל. אחרת אל תנחש: אמור שתבדוק עם הצוות, והצע להעביר לנציג.',
  not_on_this_channel: 'הכלי הזה אינו זמין בערוץ הזה.',
  failed: 'משהו השתבש בצד שלנו. התנצל, ואמור ללקוח שנציג יחזור אליו.',
} as const;

export const BOOKING_REASONS: Record<BookingProblem, string> = {
  too_soon: 'המועד קרוב מדי: צריך לקבוע מראש. הצע מועד מאוחר יותר (check_availability).',
  outside_window: 'המועד רחוק מדי: אי אפשר לקבוע כל כך הרבה זמן מראש. הצע מועד קרוב יותר.',
  closed_date: 'העסק סגור ביום הזה. הצע יום אחר (check_availability).',
  outside_hours: 'השעה מחוץ לשעות הפעילות. הצע שעה פנויה בתוך שעות הפעילות (check_availability).',
};
