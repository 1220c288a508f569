/**
 * The WhatsApp link's reasons in Hebrew, for the staff: a channel's status reason (Baileys'
 * disconnect labels from baileys/disconnect.ts, or a provider's message) and why a message
 * was not delivered (deliver.ts words its own). Pure: the dashboard imports it, and the
 * "WhatsApp disconnected" notification says the same sentence.
 */
import type { WhatsAppStatus } from '../../db/schema/whatsapp';

// Baileys' disconnect labels (server/whatsapp/baileys/disconnect.ts), "label (code)".
const DISCONNECT_REASONS: Record<string, string> = {
  logged_out: 'המכשיר המקושר הוסר מהטלפון. צריך לחבר מחדש.',
  connection_replaced: 'חיבור אחר לאותו חשבון החליף את החיבור הזה.',
  forbidden: 'WhatsApp חסמה את החיבור.',
  bad_session: 'נתוני החיבור השמורים אינם תקינים. צריך לחבר מחדש.',
  multidevice_mismatch: 'הטלפון אינו תומך במכשירים מקושרים. עדכנו את WhatsApp ונסו שוב.',
  connection_lost: 'החיבור ל-WhatsApp אבד.',
  connection_closed: 'החיבור ל-WhatsApp נסגר.',
  unavailable: 'שירות WhatsApp אינו זמין כרגע.',
  connection_error: 'שגיאה בחיבור ל-WhatsApp.',
  pairing_interrupted: 'החיבור נקטע לפני שהקוד נסרק (השרת הופעל מחדש). התחילו שוב.',
};

/**
 * A sentence for the channel's status reason, or undefined when there is none. A pairing
 * that ends unlinked with 408 is a QR nobody scanned in time, not a lost connection.
 */
export function reasonText(status: WhatsAppStatus, reason: string | null): string | undefined {
  if (!reason) return undefined;
  const label = reason.replace(/\s*\(\d+\)$/, '');
  if (status === 'not_connected' && label === 'connection_lost')
    return 'קוד ה-QR לא נסרק בזמן. אפשר להציג קוד חדש.';
  return DISCONNECT_REASONS[label] ?? reason;
}

// server/whatsapp/deliver.ts words its own failures; a provider's are passed on as they came.
const DELIVERY_ERRORS: Record<string, string> = {
  'the business has no connected WhatsApp': 'הוואטסאפ של העסק לא היה מחובר.',
  'expired before it could be sent': 'לא נשלחה בזמן (המועד שלה עבר).',
  'the customer has not written in the last 24 hours, and no reminder template is set':
    'הלקוח לא כתב לעסק ב-24 השעות האחרונות, ולא הוגדרה תבנית תזכורת מאושרת ב-Meta.',
  'the customer has not written in the last 24 hours, and this message has no template':
    'הלקוח לא כתב לעסק ב-24 השעות האחרונות, ו-Meta מתירה אז רק הודעות תבנית.',
};

/** Why a message failed (or is still being retried), in Hebrew where the reason is ours. */
export function deliveryErrorText(error: string): string {
  const gaveUp = /^gave up after (\d+) attempts: (.*)$/s.exec(error);
  if (gaveUp) return `נכשלה אחרי ${gaveUp[1]} ניסיונות: ${deliveryErrorText(gaveUp[2] ?? '')}`;
  return DELIVERY_ERRORS[error] ?? error;
}
