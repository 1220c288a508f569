import { describe, expect, test } from 'bun:test';
import { analyzeText } from './analyze';
import { buildFaqIndex, decideFaq, type FaqEntry } from './match';

/** The general customer-service vocabulary: words that ask the same thing meet, others do not. */
const faq = (id: string, question: string, answer: string): FaqEntry => ({
  id,
  question,
  answer,
  channels: ['voice', 'whatsapp'],
});
const shop = buildFaqIndex(
  [
    faq('price', 'כמה עולה ניקוי ספה?', 'ניקוי ספה תלת-מושבית 350 ש"ח.'),
    faq('hours', 'מה שעות הפתיחה?', 'ראשון עד חמישי 8:00–18:00.'),
    faq('address', 'מה הכתובת?', 'רחוב הברזל 3, תל אביב.'),
    faq('parking', 'יש חניה?', 'יש חניון לקוחות מאחורי הבניין.'),
    faq('discount', 'יש הנחה לגמלאים?', 'כן, 10% לגמלאים.'),
    faq('delivery', 'יש משלוחים?', 'כן, משלוח עד הבית 50 ש"ח.'),
  ],
  { context: 'ניקוי ריפודים' },
);
const answerOf = (q: string) => decideFaq(shop, q, { channel: 'whatsapp' }).answer?.entry.id ?? null;

describe('synonyms of everyday customer questions', () => {
  test('a price asked as paying, coming to or what it costs', () => {
    for (const q of [
      'כמה זה יוצא ניקוי ספה?',
      'כמה משלמים על ניקוי ספה',
      'מה התעריף לניקוי ספה',
      'ניקוי ספה, כמה יעלה?',
    ])
      expect(answerOf(q)).toBe('price');
  });
  test('hours, address, parking and delivery in their other words, English ones too', () => {
    expect(answerOf('באיזה שעות אתם פועלים?')).toBe('hours');
    expect(answerOf('באיזה רחוב אתם?')).toBe('address');
    expect(answerOf('where can i park?')).toBe('parking');
    expect(answerOf('do you have parking?')).toBe('parking');
    expect(answerOf('עושים דליברי?')).toBe('delivery');
  });
  test('seniors are seniors however written, and still not students', () => {
    expect(answerOf('יש הנחה לגימלאים?')).toBe('discount');
    expect(answerOf('יש הנחה לפנסיונרים?')).toBe('discount');
    expect(answerOf('יש הנחה לסטודנטים?')).toBeNull();
    expect(answerOf('יש קופון לסטודנטים?')).toBeNull();
  });
  test('"how much do I pay" is a price question, not a payment-method one', () => {
    expect(analyzeText('כמה משלמים על זה').asks).toEqual(['how-much']);
    expect(analyzeText('איך משלמים').content.map((t) => t.keys.includes('#pay'))).toEqual([true]);
  });
});

test('"in advance" is what needing to book says already, and "may" is still not "must"', () => {
  const index = buildFaqIndex([faq('ahead', 'צריך לקבוע מקום מראש?', 'בסופי שבוע כן.')], { context: 'קפה' });
  const id = (q: string) => decideFaq(index, q, { channel: 'whatsapp' }).answer?.entry.id ?? null;
  expect(id('צריך לקבוע מקום?')).toBe('ahead');
  expect(id('אפשר לקבוע מקום מראש?')).toBeNull(); // a request, and "may" against "must"
});
