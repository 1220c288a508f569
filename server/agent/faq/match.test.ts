import { describe, expect, test } from 'bun:test';
import { buildFaqIndex, decideFaq, type FaqEntry } from './match';

const both = ['voice', 'whatsapp'] as const;
const faq = (id: string, question: string, answer: string, channels: FaqEntry['channels'] = both) => ({
  id,
  question,
  answer,
  channels,
});

// The hair salon of the issue: nine FAQs, with a men's price but no women's FAQ, a soldiers'
// discount but no students', and an address but no parking.
const SALON: FaqEntry[] = [
  faq('men', 'כמה עולה תספורת גברים?', 'תספורת גברים 70 ש"ח.'),
  faq('kids', 'כמה עולה תספורת ילדים?', 'תספורת ילדים 50 ש"ח.'),
  faq('hours', 'מה שעות הפתיחה?', 'ראשון עד חמישי 9:00–20:00, שישי 8:00–14:00, שבת סגור.'),
  faq('address', 'מה הכתובת של המספרה?', 'רחוב ויצמן 14, כפר סבא.'),
  faq('soldiers', 'יש הנחה לחיילים?', 'כן, 15% הנחה לחיילים בהצגת חוגר.'),
  faq('cancel', 'איך מבטלים תור?', 'אפשר לבטל עד 24 שעות לפני התור, בלי עלות.'),
  faq('payment', 'אפשר לשלם באשראי או בביט?', 'כן, אשראי, ביט ומזומן.'),
  faq('bridal', 'אתם עושים תסרוקות כלה?', 'כן, תסרוקת כלה 1,200 ש"ח.'),
  faq('paylink', 'אפשר לקבל קישור לתשלום?', 'כן, נשלח קישור לתשלום מאובטח.', ['whatsapp']),
];
const index = buildFaqIndex(SALON, { context: 'מספרת שירן' });
const decide = (q: string, channel: 'voice' | 'whatsapp' = 'whatsapp') => decideFaq(index, q, { channel });
const answerOf = (q: string, channel: 'voice' | 'whatsapp' = 'whatsapp') =>
  decide(q, channel).answer?.entry.id ?? null;

describe('never sends the wrong answers the issue reported', () => {
  test('a question about women is not answered with the men’s price', () => {
    expect(answerOf('כמה עולה תספורת נשים?')).toBeNull();
  });
  test('a students’ discount is not the soldiers’ discount', () => {
    expect(answerOf('יש הנחה לסטודנטים?')).toBeNull();
    expect(decide('יש הנחה לסטודנטים?').candidates[0]?.verdict.contradictions).toEqual([
      { word: 'לסטודנטים', faqWord: 'לחיילים' },
    ]);
  });
  test('asking where to park is not answered with the address', () => {
    expect(answerOf('איפה אפשר לחנות?')).toBeNull();
    expect(answerOf('יש איפה להחנות?')).toBeNull();
  });
  test('the price of colouring is not the price of a haircut', () => {
    expect(answerOf('כמה עולה צביעה?')).toBeNull();
  });
});

describe('answers a question its FAQ covers, in the customer’s own words', () => {
  const cases: [string, string][] = [
    ['מה שעות הפתיחה?', 'hours'],
    ['מתי אתם פתוחים?', 'hours'],
    ['אתם פתוחים בשישי??', 'hours'], // Friday is in the answer
    ['מָה שְׁעוֹת הַפְּתִיחָה', 'hours'],
    ['כמה זה תספורת גברים?', 'men'], // "כמה" stands for the price
    ['מחיר תיספורת לגבר', 'men'], // a spelling variant, singular for plural
    ['מה הכתובת?', 'address'],
    ['איפה אתם נמצאים?', 'address'],
    ['יש הנחת חיילים?', 'soldiers'],
    ['היי, אפשר לשלם בביט?', 'payment'], // one of the question's alternatives is enough
    ['מקבלים ביט?', 'payment'],
    ['איך מבטלים תור?', 'cancel'],
    ['עד מתי אפשר לבטל?', 'cancel'], // "when", and the answer gives a time
    ['יש תסרוקות כלה?', 'bridal'],
  ];
  for (const [question, id] of cases) {
    test(`answers "${question}" from ${id}`, () => {
      expect(answerOf(question)).toBe(id);
    });
  }
});

describe('leaves to the model what is not a question about the business', () => {
  test('a request to cancel is not the cancellation policy', () => {
    const d = decide('אני רוצה לבטל את התור שלי');
    expect(d).toMatchObject({ answer: null, outcome: 'own-data' });
    expect(d.candidates[0]?.entry.id).toBe('cancel');
  });
  test('a request to book or cancel is a request, however it is put', () => {
    for (const q of [
      'אפשר לבטל תור?',
      'תקבעי לי תור ליום ראשון',
      'אני צריך להזיז את התור',
      'יש תור פנוי מחר?',
    ])
      expect(decide(q).outcome).toBe('request');
  });
  test('a question about the customer’s own appointment needs the calendar', () => {
    expect(decide('מתי התור שלי?').outcome).toBe('own-data');
    expect(decide('קבעתי תור למחר, עד מתי אפשר לבטל?').outcome).toBe('own-data');
  });
});

describe('is not sure without the FAQ’s whole question', () => {
  test('a question broader than the FAQ (no "men") is not answered from it', () => {
    const d = decide('כמה עולה תספורת?');
    expect(d.answer).toBeNull();
    expect(d.candidates.map((c) => c.verdict.missingFromQuestion)).toContainEqual(['גברים']);
  });
  test('a word neither the question nor the answer has keeps the FAQ out', () => {
    expect(decide('יש הנחה לחיילים בשבת?').candidates[0]?.verdict.missingFromFaq).toEqual(['בשבת']);
  });
  test('asking for another kind of thing than the FAQ answers is refused', () => {
    expect(answerOf('איפה מבטלים תור?')).toBeNull();
  });
  test('a follow-up with nothing of its own ("איפה?", "וכמה?") is not answered', () => {
    expect(answerOf('איפה?')).toBeNull();
    expect(answerOf('וכמה זה עולה?')).toBeNull();
  });
  test('gives no candidates for an unrelated question or an empty one', () => {
    expect(decide('מה מזג האוויר מחר?').candidates).toEqual([]);
    expect(decide('').candidates).toEqual([]);
    expect(decide('היי, מה נשמע?').answer).toBeNull();
  });
  test('two FAQs that answer the same question equally leave it to the model', () => {
    const twins = buildFaqIndex([faq('a', 'יש חניה?', 'כן, בחניון.'), faq('b', 'יש חניה?', 'לא, רק ברחוב.')]);
    expect(decideFaq(twins, 'יש חניה?', { channel: 'whatsapp' }).outcome).toBe('ambiguous');
  });
});

describe('channels and ranking', () => {
  test('keeps a WhatsApp-only entry out of the phone', () => {
    expect(answerOf('אפשר לקבל קישור לתשלום?', 'voice')).toBeNull();
    expect(answerOf('אפשר לקבל קישור לתשלום?', 'whatsapp')).toBe('paylink');
  });
  test('ranks the closest FAQs first, at most the limit', () => {
    const d = decideFaq(index, 'כמה עולה תספורת נשים?', { channel: 'whatsapp', limit: 2 });
    expect(d.candidates).toHaveLength(2);
    expect(['men', 'kids']).toContain(d.candidates[0]?.entry.id as string);
  });
  test('explains which words met which', () => {
    expect(decide('ובשעות הפתיחה אתם עובדים?').answer?.verdict.matched).toEqual([
      { word: 'ובשעות הפתיחה', by: 'שעות הפתיחה' },
      { word: 'עובדים', by: 'שעות הפתיחה' },
    ]);
  });
});
