import { describe, expect, test } from 'bun:test';
import { displayForm, foldSpelling, normalizeHebrew, prefixStems, skeleton } from './normalize';

describe('normalizeHebrew', () => {
  test('strips niqqud and cantillation', () => {
    expect(normalizeHebrew('שָׁלוֹם')).toBe(normalizeHebrew('שלום'));
    expect(normalizeHebrew('בְּרֵאשִׁ֖ית')).toBe('בראשית');
  });
  test('unifies final letters', () => {
    expect(normalizeHebrew('ךםןףץ')).toBe('כמנפצ');
    expect(normalizeHebrew('שלום')).toBe('שלומ');
  });
  test('removes geresh, gershayim and quotes inside words and splits on other punctuation', () => {
    expect(normalizeHebrew('אחה״צ')).toBe('אחהצ');
    expect(normalizeHebrew('אחה"צ')).toBe('אחהצ');
    expect(normalizeHebrew("ג'")).toBe('ג');
    expect(normalizeHebrew('תל־אביב, שלום!  מה   נשמע?')).toBe('תל אביב שלומ מה נשמע');
  });
  test('lowercases Latin and keeps digits', () => {
    expect(normalizeHebrew('WiFi בחינם 24/7')).toBe('wifi בחינמ 24 7');
  });
  test('is idempotent', () => {
    const once = normalizeHebrew('מָה שְׁעוֹת הַפְּתִיחָה? (א׳–ה׳)');
    expect(normalizeHebrew(once)).toBe(once);
  });
});

describe('stems', () => {
  test('removes one or two prefix letters', () => {
    expect(prefixStems('ובשעות')).toEqual(['בשעות', 'שעות']);
    expect(prefixStems('התור')).toEqual(['תור']);
  });
  test('keeps at least two letters and stops at a non-prefix letter', () => {
    expect(prefixStems('של')).toEqual([]);
    expect(prefixStems('תור')).toEqual([]);
    expect(prefixStems('wifi')).toEqual([]);
  });
});

describe('spelling variants', () => {
  test('doubled vav and yod and letters repeated for emphasis fold to one spelling', () => {
    expect(foldSpelling('חנייה')).toBe('חניה');
    expect(foldSpelling('היייי')).toBe('הי');
  });
  test('the skeleton drops vowel letters after the first, and needs three letters left', () => {
    expect(skeleton('תיספורת')).toBe(skeleton('תספורת'));
    expect(skeleton('חליפי')).toBe(skeleton('חלופי'));
    expect(skeleton('חייל')).toBeNull();
  });
  test('the display form keeps final letters and splits exactly like the matching form', () => {
    expect(displayForm('מה שלוםךם?')).toBe('מה שלוםךם');
    expect(displayForm('אחה״צ, שלום').split(' ')).toHaveLength(
      normalizeHebrew('אחה״צ, שלום').split(' ').length,
    );
  });
});
