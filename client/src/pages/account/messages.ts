import { ApiError } from '../../api';
import { errorMessage } from '../../errors';

/** What the server says of a weak password, in the dashboard's words. */
const PASSWORD_PROBLEMS: Array<[RegExp, string]> = [
  [/at least (\d+)/, 'הסיסמה קצרה מדי: לפחות $1 תווים.'],
  [/at most (\d+)/, 'הסיסמה ארוכה מדי: עד $1 תווים.'],
  [/too common/, 'הסיסמה נפוצה מדי וקל לנחש אותה. בחרו אחרת.'],
  [/email/, 'הסיסמה לא יכולה להכיל את כתובת האימייל.'],
  [/differ/, 'הסיסמה החדשה חייבת להיות שונה מהנוכחית.'],
];

function passwordSentence(problem: string): string {
  for (const [pattern, sentence] of PASSWORD_PROBLEMS) {
    const m = pattern.exec(problem);
    if (m) return sentence.replace('$1', m[1] ?? '');
  }
  return 'הסיסמה אינה עומדת בדרישות.';
}

export interface FormErrors {
  /** A sentence for the whole form, when the error is not one field's. */
  alert?: string;
  fields: Record<string, string>;
}

/**
 * An account form's error: a weak password or a wrong current password on its own field; an
 * invalid or spent reset link, throttling and everything else as one sentence for the form.
 */
export function accountErrors(error: unknown): FormErrors {
  if (!(error instanceof ApiError))
    return error ? { alert: errorMessage(error), fields: {} } : { fields: {} };
  const fields = error.details?.fields ?? {};
  if (error.code === 'weak_password') {
    const out: Record<string, string> = {};
    for (const [name, problem] of Object.entries(fields)) out[name] = passwordSentence(problem);
    return { fields: out };
  }
  if (error.code === 'wrong_password') return { fields: { currentPassword: 'הסיסמה הנוכחית שגויה.' } };
  if (error.code === 'validation_failed') {
    const out: Record<string, string> = {};
    for (const name of Object.keys(fields)) out[name.split('.')[0] ?? name] = 'יש למלא את השדה.';
    return { fields: out };
  }
  if (error.code === 'invalid_reset_link')
    return {
      alert: 'הקישור לאיפוס אינו תקף: ייתכן שכבר נעשה בו שימוש או שפג תוקפו. בקשו קישור חדש.',
      fields: {},
    };
  if (error.code === 'reset_not_offered')
    return { alert: 'איפוס סיסמה אינו זמין כאן. פנו למנהל/ת העסק.', fields: {} };
  if (error.code === 'too_many_attempts')
    return { alert: errorMessage(error).replace('ניסיונות התחברות', 'ניסיונות'), fields: {} };
  return { alert: errorMessage(error), fields: {} };
}

/** The token of a reset link (`/reset-password#token=…`), or null. */
export function tokenFromHash(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token && /^[A-Za-z0-9_-]{20,200}$/.test(token) ? token : null;
}
