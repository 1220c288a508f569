import { describe, expect, test } from 'bun:test';
import { buildFaqIndex, type FaqEntry, matchFaq } from './match';

const both = ['voice', 'whatsapp'] as const;
const FAQS: FaqEntry[] = [
  {
    id: 'hours',
    question: 'מה שעות הפתיחה?',
    answer: "אנחנו פתוחים בימים א'-ה' בין 9:00 ל-19:00, ובשישי עד 14:00. בשבת סגור.",
    channels: both,
  },
  {
    id: 'prices',
    question: 'כמה עולה תספורת?',
    answer: 'תספורת גברים 80 ש"ח, תספורת נשים 150 ש"ח. המחירון המלא באתר.',
    channels: both,
  },
  {
    id: 'address',
    question: 'מה הכתובת שלכם?',
    answer: 'אנחנו נמצאים ברחוב הרצל 12 בתל אביב, קומה 2.',
    channels: both,
  },
  {
    id: 'parking',
    question: 'יש חניה בקרבת מקום?',
    answer: 'יש חניון ציבורי ברחוב הרצל 20; החניה בו חינם לשעתיים הראשונות.',
    channels: both,
  },
  {
    id: 'cancel',
    question: 'איך מבטלים תור?',
    answer: 'אפשר לבטל תור עד 24 שעות מראש בטלפון או בוואטסאפ, ללא עלות.',
    channels: both,
  },
  {
    id: 'paylink',
    question: 'אפשר לקבל קישור לתשלום?',
    answer: 'כן, נשלח לך קישור לתשלום מאובטח בהודעה.',
    channels: ['whatsapp'],
  },
];
const index = buildFaqIndex(FAQS);
const best = (q: string, channel: 'voice' | 'whatsapp' = 'voice') => matchFaq(index, q, { channel })[0];

describe('answers paraphrased questions confidently', () => {
  const cases: [string, string][] = [
    ['מה שעות הפתיחה?', 'hours'],
    ['באיזה שעות אתם פתוחים?', 'hours'],
    ['אתם פתוחים בשבת?', 'hours'],
    ['מָה שְׁעוֹת הַפְּתִיחָה', 'hours'],
    ['כמה זה עולה להסתפר?', 'prices'],
    ['מה המחיר של תספורת גברים?', 'prices'],
    ['מה הכתובת?', 'address'],
    ['איפה אתם נמצאים?', 'address'],
    ['יש לכם חניה?', 'parking'],
    ['אני רוצה לבטל את התור שלי', 'cancel'],
    ['איך אני מבטל תור?', 'cancel'],
  ];
  for (const [query, id] of cases) {
    test(`matches "${query}" to ${id}`, () => {
      const m = best(query);
      expect(m?.entry.id).toBe(id);
      expect(m?.confident).toBe(true);
    });
  }
});

describe('refuses to be confident without good evidence', () => {
  test('gives no match at all for an unrelated question', () => {
    expect(matchFaq(index, 'אתם מוכרים כרטיסי מתנה?', { channel: 'voice' })).toEqual([]);
    expect(matchFaq(index, 'מה מזג האוויר מחר?', { channel: 'voice' })).toEqual([]);
  });
  test('does not read a booking request as the cancellation answer', () => {
    const m = best('אפשר לקבוע תור?');
    expect(m?.confident ?? false).toBe(false);
  });
  test('is not confident when two entries explain the question about equally', () => {
    const [a, b] = matchFaq(index, 'כמה עולה חניה?', { channel: 'voice' });
    expect(new Set([a?.entry.id, b?.entry.id])).toEqual(new Set(['prices', 'parking']));
    expect(a?.confident).toBe(false);
  });
  test('returns nothing for an empty or stopword-only query', () => {
    expect(matchFaq(index, '', { channel: 'voice' })).toEqual([]);
    expect(matchFaq(index, 'מה יש לכם?', { channel: 'voice' })).toEqual([]);
  });
});

describe('ranking and explanations', () => {
  test('finds a word behind its prefixes ("ובשעות" → "שעות")', () => {
    const m = best('ובשעות הבוקר אתם פתוחים?');
    expect(m?.entry.id).toBe('hours');
    expect(m?.why.matchedTokens).toContain('ובשעות');
  });
  test('lists the query words that matched', () => {
    expect(best('מה שעות הפתיחה?')?.why.matchedTokens).toEqual(['שעות', 'הפתיחה']);
  });
  test('ranks the closer entry first and scores it higher', () => {
    const [a, b] = matchFaq(index, 'מה שעות הפתיחה?', { channel: 'voice' });
    expect(a?.entry.id).toBe('hours');
    expect(b?.entry.id).toBe('cancel');
    expect((a?.score ?? 0) > (b?.score ?? 1)).toBe(true);
  });
  test('respects the limit', () => {
    expect(matchFaq(index, 'שעות חניה תספורת כתובת', { channel: 'voice', limit: 2 })).toHaveLength(2);
  });
  test('breaks a score tie by character trigram similarity', () => {
    const twins = buildFaqIndex([
      { id: 'a', question: 'צבע, מחיר?', answer: '', channels: both },
      { id: 'b', question: 'מחיר צבע', answer: '', channels: both },
    ]);
    // Same words, same lexical score; only the word order (trigrams across words) differs.
    const r = matchFaq(twins, 'מחיר צבע', { channel: 'voice' });
    expect(r[0]?.score).toBe(r[1]?.score as number);
    expect(r.map((m) => m.entry.id)).toEqual(['b', 'a']);
  });
});

describe('channels', () => {
  test('keeps a WhatsApp-only entry out of voice answers', () => {
    expect(matchFaq(index, 'אפשר לקבל קישור לתשלום?', { channel: 'voice' })).toEqual([]);
  });
  test('offers a WhatsApp-only entry on WhatsApp', () => {
    const m = best('אפשר לקבל קישור לתשלום?', 'whatsapp');
    expect(m?.entry.id).toBe('paylink');
    expect(m?.confident).toBe(true);
  });
});
