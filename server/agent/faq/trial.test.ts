import { expect, test } from 'bun:test';
import { buildFaqIndex, type FaqEntry } from './match';
import { explainTrial } from './trial';

const faq = (id: string, question: string, answer: string): FaqEntry => ({
  id,
  question,
  answer,
  channels: ['voice', 'whatsapp'],
});
const index = buildFaqIndex(
  [
    faq('checkup', 'כמה עולה בדיקה וניקוי אבנית?', 'בדיקה וניקוי אבנית: 280 ש"ח.'),
    faq('men', 'כמה עולה תספורת גברים?', 'תספורת גברים 70 ש"ח.'),
    faq('kids', 'כמה עולה תספורת ילדים?', 'תספורת ילדים 50 ש"ח.'),
  ],
  { context: 'מרפאה' },
);

test('the try box names the FAQ words a broader question was answered without', () => {
  const trial = explainTrial(index, 'כמה עולה בדיקה?', 'whatsapp');
  expect(trial.answer?.faqId).toBe('checkup');
  expect(trial.answeredWithoutModel).toBe(true);
  const c = trial.candidates.find((x) => x.faqId === 'checkup');
  expect(c?.matched).toContainEqual({ word: 'בדיקה', by: 'בדיקה' });
  expect(c?.narrower).toEqual(['וניקוי', 'אבנית']);
});

test('and, when two FAQs meet it, the words of each that block it', () => {
  const trial = explainTrial(index, 'כמה עולה תספורת?', 'whatsapp');
  expect(trial.answer).toBeNull();
  expect(trial.outcome).toBe('not-covered');
  const blocked = trial.candidates.map((c) => [c.faqId, c.blocked.missingFromQuestion]);
  expect(blocked).toContainEqual(['men', ['גברים']]);
  expect(blocked).toContainEqual(['kids', ['ילדים']]);
});
