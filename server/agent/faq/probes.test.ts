import { describe, expect, test } from 'bun:test';
import { loadBusinesses, tunedBusinessIds } from '../../../scripts/bench/faq-eval/eval-set';
import { buildFaqIndex, decideFaq } from './match';

/**
 * Precision probes over the evaluation set's businesses: each FAQ's own question, and that
 * question made into something the FAQ does not answer, in ways the rule must catch whatever
 * the words are. (The evaluation set measures the rule; these pin its invariants.)
 */
// Only the businesses the rule was developed with: the ones held out whole stay unseen.
const tuned = tunedBusinessIds();
const businesses = loadBusinesses()
  .filter((b) => tuned.has(b.id))
  .map((b) => ({ ...b, index: buildFaqIndex(b.faqs, { context: b.name }) }));
const all = businesses.flatMap((b) => b.faqs.map((f) => ({ b, f })));
const answer = (b: (typeof businesses)[number], q: string) =>
  decideFaq(b.index, q, { channel: 'whatsapp' }).answer?.entry.id ?? null;

const SWAPS: [RegExp, string][] = [
  [/גברים/, 'נשים'],
  [/נשים/, 'גברים'],
  [/ילדים/, 'גברים'],
  [/חיילים/, 'סטודנטים'],
  [/שישי/, 'שבת'],
];

describe('precision probes', () => {
  test('every FAQ answers its own question', () => {
    expect(all.filter(({ b, f }) => answer(b, f.question) !== f.id).map(({ f }) => f.question)).toEqual([]);
  });
  test('no FAQ answers its question with a word added that nothing in the FAQ has', () => {
    for (const { b, f } of all) expect(answer(b, `${f.question.replace(/\?$/, '')} לזפרונים?`)).toBeNull();
  });
  test('no FAQ answers a question about the customer’s own data or a request to act', () => {
    for (const { b, f } of all) {
      expect(answer(b, `${f.question.replace(/\?$/, '')} שלי?`)).toBeNull();
      expect(answer(b, `תקבעו לי, ${f.question}`)).toBeNull();
    }
  });
  test('no FAQ answers its question with a contrast word swapped for another', () => {
    for (const { b, f } of all) {
      for (const [from, to] of SWAPS) {
        if (!from.test(f.question)) continue;
        expect(answer(b, f.question.replace(from, to))).not.toBe(f.id);
      }
    }
  });
  test('no FAQ answers its question asked as "where" when neither it nor its answer is about a place', () => {
    for (const { b, f } of all) {
      if (/איפה|כתובת|נמצא|מיקום|חני|רחוב|דרך/.test(f.question + f.answer)) continue;
      expect(answer(b, `איפה ${f.question.replace(/^(מה|כמה|מתי|איך)\s+/, '')}`)).not.toBe(f.id);
    }
  });
});
