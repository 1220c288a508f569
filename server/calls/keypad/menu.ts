/**
 * A business's keypad menu: which key does what ("1: book, 2: leave details, 0: a person").
 * The keys and actions (menu-keys.ts) are shared with the dashboard's editor; this adds
 * the validation of a saved menu.
 */
import { z } from 'zod';

import { KEYPAD_ACTIONS, MENU_KEYS, type MenuEntry } from './menu-keys.ts';

export { KEYPAD_ACTIONS, type KeypadAction, MENU_KEYS, type MenuEntry, menuAction } from './menu-keys.ts';

export const menuEntry = z.object({ digit: z.enum(MENU_KEYS), action: z.enum(KEYPAD_ACTIONS) }).strict();

/** A menu: at most one action per key. */
export const keypadMenuBody = z
  .array(menuEntry)
  .max(MENU_KEYS.length)
  .superRefine((entries, ctx) => {
    const seen = new Set<string>();
    entries.forEach((e, i) => {
      if (seen.has(e.digit))
        ctx.addIssue({ code: 'custom', path: [i, 'digit'], message: `key ${e.digit} is used twice` });
      seen.add(e.digit);
    });
  });

/** The menu a call runs with; a stored value that no longer validates is no menu at all. */
export function readMenu(stored: unknown): MenuEntry[] {
  const parsed = keypadMenuBody.safeParse(stored);
  return parsed.success ? parsed.data : [];
}
