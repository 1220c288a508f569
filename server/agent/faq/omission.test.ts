import { describe, expect, test } from 'bun:test';
import { buildFaqIndex, decideFaq, type FaqEntry } from './match';

/** A yoga studio and a boutique of our own, not the evaluation set's businesses. */
const both = ['voice', 'whatsapp'] as const;
const faq = (id: string, question: string, answer: string): FaqEntry => ({
  id,
  question,
  answer,
  channels: both,
});
const yoga = buildFaqIndex(
  [
    faq('pay', 'איך אפשר לשלם?', 'כן, אשראי ומזומן.'),
    faq('kids', 'יש שיעורים לילדים?', 'כן, שיעורי ילדים בימי ראשון ושלישי.'),
    faq('prenatal', 'יש יוגה להריון?', 'כן, יוגה להריון ראשון עד רביעי ב-10:00.'),
    faq('hall', 'אפשר לשכור את האולם לסדנה?', 'כן, אולם עד 25 איש, 300 ש"ח לשעה.'),
    faq('fund', 'יש החזר מקופת חולים?', 'כן, החזר חלקי לחברי מכבי ולאומית.'),
    faq('trainer', 'כמה עולה שיעור פרטי?', 'שיעור פרטי 250 ש"ח.'),
  ],
  { context: 'סטודיו שאנטי' },
);
const boutique = buildFaqIndex([faq('pay', 'איך משלמים?', 'אשראי, ביט ומזומן.')], { context: 'בוטיק נועה' });
const answerOf = (index: typeof yoga, q: string) =>
  decideFaq(index, q, { channel: 'whatsapp' }).answer?.entry.id ?? null;

describe('an answer that says yes says it only to what it names', () => {
  test('a way to pay it leaves out is not answered by its "כן"', () => {
    expect(answerOf(yoga, 'אפשר לשלם בביט?')).toBeNull();
    expect(answerOf(yoga, 'אפשר לשלם במזומן?')).toBe('pay');
    // Either of two: one named is a yes.
    expect(answerOf(yoga, 'אפשר לשלם בביט או במזומן?')).toBe('pay');
    // A plain list still answers by leaving it out.
    expect(answerOf(boutique, 'מקבלים פייבוקס?')).toBe('pay');
  });
  test('a day its days leave out, named or within a range, is not answered', () => {
    expect(answerOf(yoga, 'יש שיעור לילדים ביום חמישי?')).toBeNull();
    expect(answerOf(yoga, 'יש שיעור לילדים ביום שלישי?')).toBe('kids');
    expect(answerOf(yoga, 'יש יוגה להריון ביום שישי?')).toBeNull();
    expect(answerOf(yoga, 'יש יוגה להריון ביום שלישי?')).toBe('prenatal');
  });
  test('a health fund it leaves out is not answered', () => {
    expect(answerOf(yoga, 'יש החזר לחברי כללית?')).toBeNull();
    expect(answerOf(yoga, 'יש החזר לחברי מכבי?')).toBe('fund');
  });
  test('a number past its limit of the same thing is not answered', () => {
    expect(answerOf(yoga, 'אפשר לשכור את האולם לסדנה של 40 איש?')).toBeNull();
    expect(answerOf(yoga, 'אפשר לשכור את האולם לסדנה של 20 איש?')).toBe('hall');
  });
  test('a contrast word is not met by a look-alike', () => {
    // "אישה" (a woman) is not "אישי" (private).
    expect(answerOf(yoga, 'כמה עולה שיעור פרטי עם מורה אישה?')).toBeNull();
  });
});
