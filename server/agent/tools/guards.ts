/**
 * Server-side checks of what the model claims the customer said. A model fills in
 * placeholders ("לקוח", "ישראל ישראלי") and half-heard numbers with confidence; these checks
 * turn that into a refusal the model can act on (ask again) instead of a bad record.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { normalizeHebrew } from '../faq/normalize';
import { spokenDigitsToString } from '../hebrew-numbers';

// Normalised (normalizeHebrew: medial letters, lower case, no punctuation).
const PLACEHOLDERS = new Set(
  [
    'לקוח',
    'לקוחה',
    'הלקוח',
    'הלקוחה',
    'לקוח חדש',
    'ישראל ישראלי',
    'ישראלה ישראלי',
    'פלוני',
    'פלוני אלמוני',
    'אלמוני',
    'משתמש',
    'מתקשר',
    'המתקשר',
    'פונה',
    'אורח',
    'לא ידוע',
    'אנונימי',
    'ללא שם',
    'שם',
    'שם מלא',
    'בדיקה',
    'טסט',
    'test',
    'tester',
    'testing',
    'name',
    'full name',
    'customer',
    'client',
    'caller',
    'user',
    'guest',
    'unknown',
    'anonymous',
    'john doe',
    'jane doe',
    'na',
    'none',
    'null',
    'undefined',
    'asdf',
    'xxx',
  ].map(normalizeHebrew),
);

/**
 * Why `name` is not a person's name, or null when it looks like one: 2..60 letters in one to
 * five words, no digits, not a known placeholder, not one letter repeated.
 */
export function nameProblem(name: string): 'placeholder' | 'not_a_name' | null {
  const norm = normalizeHebrew(name);
  if (PLACEHOLDERS.has(norm)) return 'placeholder';
  if (/\d/.test(name) || /[@/\\#<>{}[\]|=_*]/.test(name)) return 'not_a_name';
  const letters = norm.replace(/ /g, '');
  if (letters.length < 2 || letters.length > 60 || norm.split(' ').length > 5) return 'not_a_name';
  if (!/^[\p{L}]+$/u.test(letters) || new Set(letters).size === 1) return 'not_a_name';
  return null;
}

/**
 * The E.164 form of an Israeli number the customer gave, written in digits or dictated in
 * Hebrew words ("אפס חמש שתיים..."); null when libphonenumber-js does not accept it as a
 * valid Israeli number.
 */
export function israeliPhone(input: string): string | null {
  const digits = /[\u05D0-\u05EA]/.test(input) ? spokenDigitsToString(input) : input;
  if (!digits) return null;
  const parsed = parsePhoneNumberFromString(digits.trim(), 'IL');
  return parsed?.isValid() && parsed.country === 'IL' ? parsed.number : null;
}
