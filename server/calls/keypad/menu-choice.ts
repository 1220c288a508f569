/**
 * What a keypad menu choice does on a call. Most choices steer the assistant: a system note
 * tells the model what the caller asked for and a response follows (booking, leaving
 * details, the opening hours, repeating its last words); `transfer` moves the call to a
 * person, and when that cannot be done the assistant is told to say so and carry on.
 */
import type { KeypadAction, MenuEntry } from './menu.ts';
import { menuAction } from './menu.ts';

/** How the transcript names each choice. */
export const ACTION_LABELS: Record<KeypadAction, string> = {
  book: 'קביעת תור',
  leave_details: 'השארת פרטים',
  opening_hours: 'שעות פעילות',
  transfer: 'מעבר לנציג',
  repeat: 'שמיעה חוזרת',
};

export const TRANSFER_FAILED_NOTE =
  'ניסית להעביר את השיחה לנציג, אבל ההעברה לא הצליחה כרגע. אמור למתקשר שאין נציג זמין כרגע, הצע לרשום את פרטיו ואת הבקשה כדי שנציג יחזור אליו (create_or_update_lead), והמשך לעזור לו.';

/** The note the model gets for a choice (transfer aside). */
export function choiceNote(
  action: Exclude<KeypadAction, 'transfer'>,
  lastAssistantLine: string | null,
): string {
  switch (action) {
    case 'book':
      return 'המתקשר בחר בתפריט המקשים: קביעת תור. שאל אותו איזה שירות הוא רוצה ולאיזה יום ושעה, בדוק זמינות וקבע את התור.';
    case 'leave_details':
      return 'המתקשר בחר בתפריט המקשים: השארת פרטים. בקש את שמו ואת מספר הטלפון שלו (אפשר גם להקיש אותו), חזור עליהם לאישור, ושמור אותם עם create_or_update_lead.';
    case 'opening_hours':
      return 'המתקשר בחר בתפריט המקשים: שעות הפעילות. אמור לו בקצרה את שעות הפעילות של העסק, ושאל אם יש עוד משהו.';
    case 'repeat':
      return lastAssistantLine
        ? `המתקשר ביקש לשמוע שוב. חזור על מה שאמרת לו קודם, במילים האלה: "${lastAssistantLine}"`
        : 'המתקשר ביקש לשמוע שוב. חזור בקצרה על מה שאמרת קודם.';
  }
}

export interface KeypadChoice {
  digit: string;
  action: KeypadAction;
  /** The caller's line in the transcript ("הקיש 1: קביעת תור"). */
  line: string;
}

/** A finished entry that is a menu choice (one key of the menu), or null: it goes to the model as keys. */
export function keypadChoice(menu: readonly MenuEntry[], entry: string): KeypadChoice | null {
  if (entry.length !== 1) return null;
  const action = menuAction(menu, entry);
  return action ? { digit: entry, action, line: `המתקשר הקיש ${entry}: ${ACTION_LABELS[action]}` } : null;
}
