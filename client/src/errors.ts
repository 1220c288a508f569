import { ApiError } from './api';

/**
 * Server error codes → Hebrew copy. The server's own `message` is for developers and
 * logs; the dashboard always shows these sentences instead.
 */
const MESSAGES: Record<string, string> = {
  validation_failed: 'חלק מהשדות אינם תקינים. בדקו את הסימונים בטופס.',
  invalid_credentials: 'האימייל או הסיסמה שגויים.',
  unauthorized: 'פג תוקף ההתחברות. התחברו מחדש.',
  forbidden: 'אין לך הרשאה לבצע את הפעולה הזו.',
  not_found: 'הפריט המבוקש לא נמצא. ייתכן שנמחק.',
  conflict: 'הפריט כבר קיים במערכת.',
  payload_too_large: 'הבקשה גדולה מדי.',
  weak_password: 'הסיסמה חלשה מדי. בחרו סיסמה ארוכה יותר שקשה לנחש.',
  network_error: 'אין חיבור לשרת. בדקו את החיבור לאינטרנט ונסו שוב.',
  recording_lost: 'ההקלטה של השיחה הזו אבדה: האחסון לא היה זמין בזמן השיחה.',
  recording_missing: 'ההקלטה כבר לא קיימת באחסון. ייתכן שנמחקה בתום תקופת השמירה.',
  recording_unavailable: 'אחסון ההקלטות אינו זמין כרגע. נסו שוב בעוד רגע.',
};

const FALLBACK = 'משהו השתבש. נסו שוב בעוד רגע.';

/**
 * One Hebrew sentence for any error a page may catch. `overrides` lets a form say
 * something more precise for a code (a conflict on a user form means the email is taken).
 */
export function errorMessage(error: unknown, overrides: Partial<Record<string, string>> = {}): string {
  if (!(error instanceof ApiError)) return FALLBACK;
  if (error.code === 'too_many_attempts') return tooManyAttempts(error.retryAfter);
  return overrides[error.code] ?? MESSAGES[error.code] ?? FALLBACK;
}

function tooManyAttempts(retryAfter: number | undefined): string {
  const base = 'יותר מדי ניסיונות התחברות.';
  return retryAfter === undefined
    ? `${base} נסו שוב מאוחר יותר.`
    : `${base} נסו שוב ${formatWait(retryAfter)}.`;
}

/** "בעוד 40 שניות", "בעוד דקה", "בעוד 5 דקות"; minutes and hours round up so users never retry early. */
export function formatWait(seconds: number): string {
  if (seconds <= 1) return 'בעוד שנייה';
  if (seconds < 60) return seconds === 2 ? 'בעוד שתי שניות' : `בעוד ${seconds} שניות`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60)
    return minutes === 1 ? 'בעוד דקה' : minutes === 2 ? 'בעוד שתי דקות' : `בעוד ${minutes} דקות`;
  const hours = Math.ceil(minutes / 60);
  return hours === 1 ? 'בעוד שעה' : hours === 2 ? 'בעוד שעתיים' : `בעוד ${hours} שעות`;
}

/**
 * Per-field Hebrew messages for a `validation_failed` answer. `hints` holds the sentence
 * for each field of the form; a field path such as `phoneNumbers.1` falls back to its
 * root (`phoneNumbers`). Fields without a hint get a generic sentence.
 */
export function fieldErrors(error: unknown, hints: Record<string, string>): Record<string, string> {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed') return {};
  const fields = error.details?.fields ?? {};
  const out: Record<string, string> = {};
  for (const path of Object.keys(fields)) {
    const root = path.split(/[.[]/)[0] ?? path;
    out[root] = hints[path] ?? hints[root] ?? 'הערך בשדה זה אינו תקין.';
  }
  return out;
}
