import { describe, expect, test } from 'bun:test';
import { buildVocabulary } from './vocabulary';

const vocabulary = buildVocabulary(['רכב', 'חלופי', 'אחריות', 'תיקון', 'מזגן', 'כמה', 'עולה', 'יין']);

describe('repairing what a customer typed', () => {
  test('reads a word with one letter wrong, extra or swapped as the known word', () => {
    expect(vocabulary.repair('אחריוט')).toEqual(['אחריות']);
    expect(vocabulary.repair('אחרריות')).toEqual(['אחריות']);
    expect(vocabulary.repair('ארחיות')).toEqual(['אחריות']);
  });
  test('takes a letter for another only when a thumb or an ear confuses them', () => {
    // Normalised words, as the index gives them (final letters folded).
    const v = buildVocabulary(['חונימ', 'מחירונ']);
    expect(v.repair('חוגימ')).toBeNull(); // ג and נ are far apart on the keyboard: another word
    expect(v.repair('מכירונ')).toEqual(['מחירונ']); // כ and ח sound alike
    expect(v.repair('מחירוה')).toEqual(['מחירונ']); // ה and נ are neighbours
  });
  test('needs no repair for vowel letters left out or doubled: their spelling forms meet', () => {
    expect(vocabulary.knows('חליפי')).toBe(true);
    expect(vocabulary.repair('אחריוות')).toBeNull();
  });
  test('splits two known words typed without a space', () => {
    expect(vocabulary.repair('מזגנעולה')).toEqual(['מזגנ', 'עולה']);
  });
  test('does not split a word into a known word and a prefixed scrap ("בבנין" is not "בבן" + "יין")', () => {
    expect(vocabulary.repair('בבנינ')).toBeNull();
  });
  test('leaves known words, short words and words nothing is near alone', () => {
    expect(vocabulary.repair('חלופי')).toBeNull();
    expect(vocabulary.repair('רכו')).toBeNull();
    expect(vocabulary.repair('פילטר')).toBeNull();
  });
});
