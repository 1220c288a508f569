import { expect, test } from 'bun:test';
import { neutraliseFormula, toCsv } from './csv';

test('starts with a byte-order mark and ends rows with CRLF so Excel shows Hebrew', () => {
  const csv = toCsv(['שם', 'טלפון'], [['דנה כהן', '+972541234567']]);
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  expect(csv.slice(1)).toBe('שם,טלפון\r\nדנה כהן,+972541234567\r\n');
  expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
});

test('quotes fields with commas, quotes and line breaks, doubling the quotes', () => {
  const csv = toCsv(['a'], [['כהן, דנה'], ['אמרה "שלום"'], ['שורה\nשנייה'], ['פשוט']]);
  expect(csv.slice(1).split('\r\n')).toEqual([
    'a',
    '"כהן, דנה"',
    '"אמרה ""שלום"""',
    '"שורה\nשנייה"',
    'פשוט',
    '',
  ]);
});

test('text that a spreadsheet would run as a formula is defused', () => {
  expect(['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', 'רגיל'].map(neutraliseFormula)).toEqual([
    `'=HYPERLINK("x")`,
    "'+1",
    "'-2",
    "'@SUM(A1)",
    'רגיל',
  ]);
});
