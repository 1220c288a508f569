import { describe, expect, test } from 'bun:test';
import { bases, matchForms } from './morphology';
import { normalizeHebrew } from './normalize';

const meet = (a: string, b: string) => {
  const fa = matchForms(normalizeHebrew(a));
  return matchForms(normalizeHebrew(b)).some((f) => fa.includes(f));
};

describe('Hebrew word forms', () => {
  test('finds the word behind up to three prefix letters, keeping three letters', () => {
    // "עות" is noise (ש is a prefix letter too); it meets nothing the real words would not.
    expect(bases('ובשעות')).toEqual(['ובשעות', 'בשעות', 'שעות', 'עות']);
    expect(bases('ביט')).toEqual(['ביט']);
  });
  test('meets across prefixes, plural and feminine endings and construct forms', () => {
    expect(meet('לחיילים', 'חייל')).toBe(true);
    expect(meet('שעות', 'שעה')).toBe(true);
    expect(meet('תספורות', 'תספורת')).toBe(true);
    expect(meet('בדיקה', 'בדיקות')).toBe(true);
    expect(meet('והמחירים', 'מחיר')).toBe(true);
  });
  test('meets across spelling variants', () => {
    expect(meet('חנייה', 'חניה')).toBe(true);
    expect(meet('תיספורת', 'תספורת')).toBe(true);
  });
  test('keeps different words apart', () => {
    expect(meet('נשים', 'גברים')).toBe(false);
    expect(meet('סטודנטים', 'חיילים')).toBe(false);
    expect(meet('צביעה', 'תספורת')).toBe(false);
  });
});

describe('two-letter nouns', () => {
  test('are found behind a prefix letter, the few that are nouns', () => {
    expect(meet('השן', 'בשן')).toBe(true);
    expect(meet('ביד', 'היד')).toBe(true);
    expect(bases('כלבת')).not.toContain('בת');
    expect(bases('לבן')).not.toContain('בנ');
  });
});
