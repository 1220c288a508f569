import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { hebrewNumberToInt, PHONE_TRANSCRIPTION_HINT, spokenDigitsToString } from './hebrew-numbers';

describe('spokenDigitsToString', () => {
  const cases: [string, string][] = [
    ['אפס חמש ארבע שלוש שתיים אחת שבע שמונה תשע שש', '0543217896'],
    ['אפס חמישה ארבעה שלושה שניים אחד שבעה שמונה תשעה שישה', '0543217896'],
    ['אפס חמש שתים', '052'],
    ['שתיים שתיים', '22'],
    ['אפס חמש פעמיים שתיים', '0522'],
    ['אפס שלוש פעמים אפס', '0000'],
    ['050 שלוש שתיים אחת', '050321'],
    ['אפס חמישים ושתיים', '052'],
    ['אפס חמישים שתיים', '0502'],
    ['054-321 שבע שמונה', '05432178'],
    ['המספר שלי הוא אפס חמש ארבע, שלוש שתיים אחת.', '054321'],
    ['פלוס תשע שבע שתיים חמש ארבע', '+97254'],
    ['+972 54', '+97254'],
    ['אֶפֶס חָמֵשׁ', '05'],
    ['אפס שלוש מאה עשרים ושלוש', '03123'],
  ];
  for (const [spoken, digits] of cases) {
    test(`turns "${spoken}" into ${digits}`, () => {
      expect(spokenDigitsToString(spoken)).toBe(digits);
    });
  }
  test('returns null when no digit was said', () => {
    expect(spokenDigitsToString('אני לא זוכר את המספר')).toBeNull();
    expect(spokenDigitsToString('')).toBeNull();
  });
});

describe('hebrewNumberToInt', () => {
  const cases: [string, number][] = [
    ['אפס', 0],
    ['שלוש', 3],
    ['שלושה', 3],
    ['עשר', 10],
    ['שתים עשרה', 12],
    ['שנים עשר', 12],
    ['חמש עשרה', 15],
    ['עשרים ושלוש', 23],
    ['עשרים ושלושה', 23],
    ['עשרים שלוש', 23],
    ['ארבעים', 40],
    ['מאה', 100],
    ['מאה וחמישים', 150],
    ['מאתיים', 200],
    ['שלוש מאות ועשרים', 320],
    ['מאה עשרים וחמש', 125],
    ['אלף', 1000],
    ['אלפיים וחמש מאות', 2500],
    ['שלושת אלפים', 3000],
    ['אלף תשע מאות שמונים וארבע', 1984],
    ['תשעת אלפים תשע מאות תשעים ותשע', 9999],
    ['42', 42],
  ];
  for (const [words, n] of cases) {
    test(`reads "${words}" as ${n}`, () => {
      expect(hebrewNumberToInt(words)).toBe(n);
    });
  }
  test('returns null for text that is not just a number', () => {
    expect(hebrewNumberToInt('שלושה אנשים')).toBeNull();
    expect(hebrewNumberToInt('שלום')).toBeNull();
    expect(hebrewNumberToInt('')).toBeNull();
    expect(hebrewNumberToInt('שתיים שתיים')).toBeNull();
  });
});

test('the phone transcription hint is short Hebrew that shows digits', () => {
  expect(PHONE_TRANSCRIPTION_HINT.length).toBeLessThan(200);
  expect(PHONE_TRANSCRIPTION_HINT).toMatch(/[\u05D0-\u05EA]/);
  expect(PHONE_TRANSCRIPTION_HINT).toMatch(/\d{3}-\d{3}-\d{4}/);
});

test('spells back any digit sequence said one digit at a time, in either gender', () => {
  const words = [
    ['אפס'],
    ['אחת', 'אחד'],
    ['שתיים', 'שניים', 'שתים'],
    ['שלוש', 'שלושה'],
    ['ארבע', 'ארבעה'],
    ['חמש', 'חמישה'],
    ['שש', 'שישה'],
    ['שבע', 'שבעה'],
    ['שמונה'],
    ['תשע', 'תשעה'],
  ];
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.nat()), { minLength: 1, maxLength: 12 }),
      (ds) => {
        const spoken = ds.map(([d, g]) => {
          const forms = words[d] as string[];
          return forms[g % forms.length];
        });
        expect(spokenDigitsToString(spoken.join(' '))).toBe(ds.map(([d]) => d).join(''));
      },
    ),
    { numRuns: 200 },
  );
});
