/**
 * The keypad menu's keys and actions: pure, no validation library, so the dashboard's editor
 * (client/src/pages/settings/keypad-menu.ts) shares them with the server.
 */

/** What a key can do. */
export const KEYPAD_ACTIONS = ['book', 'leave_details', 'opening_hours', 'transfer', 'repeat'] as const;
export type KeypadAction = (typeof KEYPAD_ACTIONS)[number];

/** Keys a menu may use: `#` ends a keyed entry, so it is never a menu key. */
export const MENU_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*'] as const;
export type MenuKey = (typeof MENU_KEYS)[number];

export interface MenuEntry {
  digit: string;
  action: KeypadAction;
}

/** The action bound to `digit`, or null. */
export function menuAction(menu: readonly MenuEntry[], digit: string): KeypadAction | null {
  return menu.find((e) => e.digit === digit)?.action ?? null;
}
