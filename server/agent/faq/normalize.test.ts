import { describe, expect, test } from 'bun:test';
import { normalizeHebrew, prefixStems, suffixStem, tokenizeHebrew } from './normalize';

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
  test('removes plural and feminine endings only from long enough words', () => {
    expect(suffixStem('מחירימ')).toBe('מחיר');
    expect(suffixStem('חניות')).toBe('חני');
    expect(suffixStem('חניה')).toBe('חני');
    expect(suffixStem('שעות')).toBeNull();
  });
});

describe('tokenizeHebrew', () => {
  test('yields the stem without prefixes beside the word', () => {
    const [tok] = tokenizeHebrew('ובשעות');
    expect(tok?.word).toBe('ובשעות');
    expect(tok?.stems).toContain('שעות');
  });
  test('drops stopwords, also behind a prefix', () => {
    expect(tokenizeHebrew('מה יש לכם באיזה ומה שעות').map((t) => t.word)).toEqual(['שעות']);
  });
});
