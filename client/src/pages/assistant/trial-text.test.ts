import { describe, expect, test } from 'bun:test';
import type { FaqTrial } from './data';
import { blockedReasons, matchedText, outcomeText } from './trial-text';

const candidate = (over: Partial<FaqTrial['candidates'][number]> = {}): FaqTrial['candidates'][number] => ({
  faqId: 'f1',
  question: 'יש הנחה לחיילים?',
  answer: 'כן, 15%.',
  channels: ['whatsapp'],
  score: 0.6,
  passes: false,
  matched: [],
  inAnswer: [],
  narrower: [],
  blocked: { missingFromFaq: [], missingFromQuestion: [], contradictions: [] },
  ...over,
});
const trial = (over: Partial<FaqTrial>): FaqTrial => ({
  answer: null,
  answeredWithoutModel: false,
  outcome: 'not-covered',
  request: [],
  ownData: [],
  candidates: [],
  ...over,
});

describe('the try box explains itself', () => {
  test('a contradiction and words the FAQ lacks are named', () => {
    const reasons = blockedReasons(
      candidate({
        blocked: {
          missingFromFaq: ['לסטודנטים'],
          missingFromQuestion: ['לחיילים'],
          contradictions: [{ word: 'לסטודנטים', faqWord: 'לחיילים' }],
        },
      }),
    );
    expect(reasons).toEqual([
      '"לסטודנטים" סותרת את "לחיילים" שבשאלה השמורה.',
      '"לסטודנטים": לא מופיע בשאלה השמורה ולא בתשובה שלה.',
      '"לחיילים": בשאלה השמורה, ולא בשאלה שנבדקה.',
    ]);
  });
  test('interrogatives are shown in Hebrew', () => {
    const reasons = blockedReasons(
      candidate({
        blocked: {
          missingFromFaq: [],
          missingFromQuestion: [],
          contradictions: [],
          asksDiffer: { query: ['where'], faq: ['how-much'] },
        },
      }),
    );
    expect(reasons).toEqual(['השאלה שנבדקה שואלת "איפה", והשמורה "כמה".']);
  });
  test('a passing candidate has no reasons', () => {
    expect(blockedReasons(candidate({ passes: true }))).toEqual([]);
  });
  test('a request names the words that made it one', () => {
    expect(outcomeText(trial({ outcome: 'request', request: ['תקבעי'] }), 'וואטסאפ')).toContain('"תקבעי"');
  });
  test('a matched word shows the FAQ word it met when they differ', () => {
    expect(matchedText({ word: 'חנייה', by: 'חניה' })).toBe('חנייה ← חניה');
    expect(matchedText({ word: 'חניה', by: 'חניה' })).toBe('חניה');
  });
});
