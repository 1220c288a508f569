/**
 * Whether a reply tells the customer an appointment was booked or moved. Used on WhatsApp
 * to catch a model that says "קבעתי לך תור" without any tool having booked one. Matching
 * is on normalised Hebrew (no niqqud, medial letters), and a negation just before the
 * claim ("עוד לא קבעתי") is not a claim. Future forms ("אקבע", "נקבע לך?") are not claims.
 */
import { normalizeHebrew } from '../faq/normalize';

const CLAIMS = [
  'קבעתי',
  'קבענו לך',
  'קבענו את',
  'התור נקבע',
  'התור שלך נקבע',
  'נקבע בהצלחה',
  'נקבע עבורך',
  'שריינתי',
  'שריינו לך',
  'שוריין',
  'שוריינה',
  'הזמנתי לך',
  'רשמתי אותך',
  'רשמתי לך תור',
  'התור אושר',
  'התור נרשם',
  'תיאמתי',
  'תאמתי',
  'התור הוזז',
  'הזזתי את התור',
  'העברתי את התור',
  'שיניתי את התור',
  'booked',
  'scheduled',
].map(normalizeHebrew);

const NEGATIONS = ['לא', 'טרם', 'עדיין לא', 'עוד לא', 'not', 'havent', 'not yet'].map(normalizeHebrew);

export function claimsBooking(reply: string): boolean {
  const text = ` ${normalizeHebrew(reply)} `;
  for (const claim of CLAIMS) {
    let at = text.indexOf(` ${claim}`);
    while (at !== -1) {
      const before = text.slice(0, at).trim().split(' ').slice(-2).join(' ');
      const negated = NEGATIONS.some((n) => before === n || before.endsWith(` ${n}`));
      if (!negated) return true;
      at = text.indexOf(` ${claim}`, at + 1);
    }
  }
  return false;
}
