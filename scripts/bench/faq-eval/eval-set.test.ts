import { describe, expect, test } from 'bun:test';
import { buildFaqIndex, decideFaq } from '../../../server/agent/faq/match';
import { EVAL_PARTS, loadBusinesses, loadQuestions, score, TUNING_PARTS } from './eval-set';

const businesses = loadBusinesses();
const parts = EVAL_PARTS.map((part) => loadQuestions(part, businesses));
const tuning = TUNING_PARTS.flatMap((part) => loadQuestions(part, businesses));

describe('the FAQ evaluation set', () => {
  test('has at least 300 questions over five kinds of business, each with its own FAQs', () => {
    expect(parts.flat().length).toBeGreaterThanOrEqual(300);
    const kinds = new Set(businesses.map((b) => b.kind));
    for (const kind of ['hair salon', 'dental clinic', 'garage', 'restaurant', 'law office'])
      expect(kinds).toContain(kind);
    for (const b of businesses) expect(b.faqs.length).toBeGreaterThanOrEqual(10);
  });
  test('labels near misses as well as paraphrases, in every part', () => {
    for (const part of parts) {
      expect(part.filter((q) => q.expect === null).length).toBeGreaterThan(40);
      expect(part.filter((q) => q.expect !== null).length).toBeGreaterThan(100);
    }
  });
  test('never asks the same question twice, within a part or across parts', () => {
    const key = (q: { business: string; question: string }) =>
      `${q.business}:${q.question.replace(/[?!. ]+$/, '')}`;
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const q of parts.flat()) {
      const k = key(q);
      if (seen.has(k)) twice.push(`${k} (${seen.get(k)}, ${q.part})`);
      seen.set(k, q.part);
    }
    expect(twice).toEqual([]);
  });
});

// A regression guard on the parts the rules were developed on. The held-out parts are measured
// by `bun run bench faq` only, so that no test invites patching rules to their failures.
test('the fast path sends no wrong answer on the tuning parts', () => {
  const indexes = new Map(businesses.map((b) => [b.id, buildFaqIndex(b.faqs, { context: b.name })]));
  const s = score(tuning, businesses, (b, q) => {
    const index = indexes.get(b.id) as ReturnType<typeof buildFaqIndex>;
    return decideFaq(index, q, { channel: 'whatsapp' }).answer?.entry.id ?? null;
  });
  expect(s.wrong).toEqual([]);
  expect(s.recall).toBeGreaterThan(0.75);
});
