import { describe, expect, test } from 'bun:test';
import { draftFromRouting, menuRows, routingBody, routingProblems, setKeyAction } from './keypad-menu';

describe('the keypad menu editor', () => {
  test('every key is a row in keypad order, with its action or none', () => {
    const rows = menuRows([
      { digit: '0', action: 'transfer' },
      { digit: '1', action: 'book' },
    ]);
    expect(rows.map((r) => r.digit)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*']);
    expect(rows[0]).toEqual({ digit: '1', action: 'book' });
    expect(rows[1]).toEqual({ digit: '2', action: null });
    expect(rows[9]).toEqual({ digit: '0', action: 'transfer' });
  });

  test('setting a key replaces its action, clearing it removes the key, the menu stays in keypad order', () => {
    let menu = setKeyAction([], '0', 'transfer');
    menu = setKeyAction(menu, '1', 'book');
    menu = setKeyAction(menu, '1', 'repeat');
    expect(menu).toEqual([
      { digit: '1', action: 'repeat' },
      { digit: '0', action: 'transfer' },
    ]);
    expect(setKeyAction(menu, '0', null)).toEqual([{ digit: '1', action: 'repeat' }]);
  });

  test('a transfer key or a warm transfer without a number, and a number that is not one, are problems', () => {
    const ok = {
      transferNumber: '050-123-4567',
      warmTransfer: true,
      keypadMenu: [{ digit: '0', action: 'transfer' as const }],
    };
    expect(routingProblems(ok)).toEqual({});
    expect(Object.keys(routingProblems({ ...ok, transferNumber: '' }))).toEqual([
      'keypadMenu',
      'warmTransfer',
    ]);
    expect(Object.keys(routingProblems({ ...ok, transferNumber: '12345' }))).toEqual(['transferNumber']);
  });

  test('the saved body sends no number as null and keeps the menu', () => {
    const draft = draftFromRouting({
      transferNumber: null,
      warmTransfer: false,
      keypadMenu: [{ digit: '2', action: 'leave_details' }],
    });
    expect(draft.transferNumber).toBe('');
    expect(routingBody({ ...draft, transferNumber: '  ' })).toEqual({
      transferNumber: null,
      warmTransfer: false,
      keypadMenu: [{ digit: '2', action: 'leave_details' }],
    });
  });
});
