/**
 * The call routing editor's logic, pure: the keypad menu as one row per key, changing a key's
 * action, the problems the server would refuse (said in Hebrew before saving), and the body
 * of PUT /api/call-routing. The keys and actions are the server's (menu-keys.ts).
 */
import {
  KEYPAD_ACTIONS,
  type KeypadAction,
  MENU_KEYS,
  type MenuEntry,
} from '../../../../server/calls/keypad/menu-keys';
import { toE164 } from '../../../../server/lib/phone';

export type { KeypadAction, MenuEntry };
export { KEYPAD_ACTIONS, MENU_KEYS };

export const ACTION_LABEL: Record<KeypadAction, string> = {
  book: 'קביעת תור',
  leave_details: 'השארת פרטים',
  opening_hours: 'שעות פעילות',
  transfer: 'מעבר לנציג',
  repeat: 'שמיעה חוזרת',
};

export interface RoutingDraft {
  transferNumber: string;
  warmTransfer: boolean;
  keypadMenu: MenuEntry[];
}

export interface CallRouting {
  transferNumber: string | null;
  warmTransfer: boolean;
  keypadMenu: MenuEntry[];
}

export function draftFromRouting(r: CallRouting): RoutingDraft {
  return {
    transferNumber: r.transferNumber ?? '',
    warmTransfer: r.warmTransfer,
    keypadMenu: [...r.keypadMenu],
  };
}

/** Every key, in keypad order, with its action or null. */
export function menuRows(menu: readonly MenuEntry[]): Array<{ digit: string; action: KeypadAction | null }> {
  return MENU_KEYS.map((digit) => ({ digit, action: menu.find((e) => e.digit === digit)?.action ?? null }));
}

/** The menu with `digit` bound to `action` (null: the key does nothing), in keypad order. */
export function setKeyAction(
  menu: readonly MenuEntry[],
  digit: string,
  action: KeypadAction | null,
): MenuEntry[] {
  const others = menu.filter((e) => e.digit !== digit);
  const next = action ? [...others, { digit, action }] : others;
  return next.sort(
    (a, b) =>
      MENU_KEYS.indexOf(a.digit as (typeof MENU_KEYS)[number]) -
      MENU_KEYS.indexOf(b.digit as (typeof MENU_KEYS)[number]),
  );
}

/** What the server would refuse, by field, in Hebrew; empty when the draft can be saved. */
export function routingProblems(d: RoutingDraft): Record<string, string> {
  const problems: Record<string, string> = {};
  const number = d.transferNumber.trim();
  if (number && toE164(number) === null)
    problems.transferNumber = 'המספר אינו מספר טלפון תקין. כתבו אותו כמו 050-1234567 או ‎+972501234567.';
  if (!number && d.keypadMenu.some((e) => e.action === 'transfer'))
    problems.keypadMenu = 'למקש "מעבר לנציג" צריך מספר להעברה.';
  if (!number && d.warmTransfer) problems.warmTransfer = 'להעברה עם תדריך צריך מספר להעברה.';
  return problems;
}

/** The body of PUT /api/call-routing (the server stores the number as E.164). */
export function routingBody(d: RoutingDraft): CallRouting {
  const number = d.transferNumber.trim();
  return { transferNumber: number || null, warmTransfer: d.warmTransfer, keypadMenu: d.keypadMenu };
}
