import { describe, expect, test } from 'bun:test';
import { createDtmfCollector } from '../dtmf.ts';
import { keypadMenuBody, menuAction, readMenu } from './menu.ts';
import { choiceNote, keypadChoice } from './menu-choice.ts';

const MENU = readMenu([
  { digit: '1', action: 'book' },
  { digit: '2', action: 'leave_details' },
  { digit: '3', action: 'opening_hours' },
  { digit: '0', action: 'transfer' },
  { digit: '*', action: 'repeat' },
]);

/** A collector whose pending timer is visible: which delay it was set for, fired by hand. */
function rig(menuKeys: string) {
  const entries: string[] = [];
  let due: { fn: () => void; ms: number } | null = null;
  const collector = createDtmfCollector({
    idleMs: 2500,
    menuIdleMs: 1200,
    menuKey: (d) => menuKeys.includes(d),
    timers: { setTimeout: (fn, ms) => (due = { fn, ms }), clearTimeout: () => (due = null) },
    onEntry: (d) => entries.push(d),
  });
  return { collector, entries, due: () => due, fire: () => due?.fn() };
}

describe('the keypad menu', () => {
  test('a menu key alone is an entry after the short pause', () => {
    const r = rig('120*');
    r.collector.key('1');
    expect(r.due()?.ms).toBe(1200);
    r.fire();
    expect(r.entries).toEqual(['1']);
  });

  test('a number keyed quickly after a menu key stays one entry for the model', () => {
    const r = rig('120*');
    for (const d of '0541234567') r.collector.key(d);
    expect(r.due()?.ms).toBe(2500);
    r.fire();
    expect(r.entries).toEqual(['0541234567']);
    expect(keypadChoice(MENU, '0541234567')).toBeNull();
  });

  test('without a menu a single key waits the ordinary pause', () => {
    const r = rig('');
    r.collector.key('1');
    expect(r.due()?.ms).toBe(2500);
  });

  test('each menu key names its action and a transcript line; other keys are not choices', () => {
    expect(keypadChoice(MENU, '1')).toEqual({ digit: '1', action: 'book', line: 'המתקשר הקיש 1: קביעת תור' });
    expect(keypadChoice(MENU, '0')?.action).toBe('transfer');
    expect(keypadChoice(MENU, '*')?.action).toBe('repeat');
    expect(keypadChoice(MENU, '7')).toBeNull();
    expect(keypadChoice([], '1')).toBeNull();
    expect(menuAction(MENU, '3')).toBe('opening_hours');
  });

  test('repeat quotes the last thing the assistant said; book and details steer the model', () => {
    expect(choiceNote('repeat', 'התור נקבע ליום שלישי')).toContain('"התור נקבע ליום שלישי"');
    expect(choiceNote('book', null)).toContain('קביעת תור');
    expect(choiceNote('leave_details', null)).toContain('create_or_update_lead');
  });

  test('a stored menu that no longer validates is no menu at all', () => {
    expect(
      readMenu([
        { digit: '1', action: 'book' },
        { digit: '1', action: 'repeat' },
      ]),
    ).toEqual([]);
    expect(readMenu('not a menu')).toEqual([]);
    expect(keypadMenuBody.safeParse([{ digit: '#', action: 'book' }]).success).toBe(false);
  });
});
