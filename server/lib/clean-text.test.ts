import { expect, test } from 'bun:test';
import fc from 'fast-check';
import { cleanDeep, cleanText } from './clean-text';

const LONE_HIGH = '\ud83d';
const LONE_LOW = '\ude00';

/** encodeURIComponent throws on exactly the strings that are not well formed. */
function wellFormed(s: string): boolean {
  try {
    encodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
}

test('removes NUL and replaces lone surrogates, keeping everything else', () => {
  expect(cleanText(`שלום\u0000 עולם`)).toBe('שלום עולם');
  expect(cleanText(`a${LONE_HIGH}b`)).toBe('a\ufffdb');
  expect(cleanText(`${LONE_LOW}`)).toBe('\ufffd');
  expect(cleanText('😀 תור מחר\n\tב-10')).toBe('😀 תור מחר\n\tב-10');
});

test('any string comes out well formed and without NUL, and clean text is left alone', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (s) => {
      const out = cleanText(s);
      return wellFormed(out) && !out.includes('\u0000') && cleanText(out) === out;
    }),
    { numRuns: 200 },
  );
});

test('cleans every string of a parsed body, keys included', () => {
  expect(
    cleanDeep({ name: `דנה\u0000`, tags: [`x${LONE_HIGH}`, 3, null], nested: { 'k\u0000': true } }),
  ).toEqual({ name: 'דנה', tags: ['x\ufffd', 3, null], nested: { k: true } } as never);
});

test('cleans a prototype-less record, as a parsed query string is', () => {
  const query = Object.assign(Object.create(null), { q: `דנה\u0000` });
  expect(cleanDeep(query)).toEqual({ q: 'דנה' });
});
