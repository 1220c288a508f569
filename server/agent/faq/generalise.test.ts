import { describe, expect, test } from 'bun:test';
import { analyzeText } from './analyze';
import { buildFaqIndex, decideFaq, type FaqEntry } from './match';

/**
 * The ways a message may be narrower, broader or differently worded than an FAQ and still be
 * answered by it, each beside the case that must still go to the model. A pilates studio and a
 * bakery of our own, not the evaluation set's businesses.
 */
const both = ['voice', 'whatsapp'] as const;
const faq = (id: string, question: string, answer: string): FaqEntry => ({
  id,
  question,
  answer,
  channels: both,
});
const studio = buildFaqIndex(
  [
    faq('hours', 'מה שעות הפעילות של הסטודיו?', 'ראשון עד חמישי 7:00–21:00, שישי 8:00–13:00.'),
    faq('payment', 'אפשר לשלם באשראי או בביט?', 'אשראי, ביט ומזומן.'),
    faq('languages', 'באילו שפות השיעורים?', 'עברית ואנגלית.'),
    faq('towels', 'יש מגבות למתאמנים?', 'כן, מגבת נקייה לכל שיעור.'),
    faq('seniors', 'יש הנחה לגמלאים?', 'כן, 10% הנחה לגמלאים.'),
    faq('showers', 'יש מקלחות לנשים?', 'אין מקלחות לנשים, רק לגברים.'),
    faq('consult', 'כמה עולה שיחת ייעוץ?', 'שיחת ייעוץ עם מדריכה: 100 ש"ח.'),
    faq('face', 'כמה עולה טיפול פנים?', 'טיפול פנים 250 ש"ח.'),
    faq('age', 'כמה עולה מנוי לנוער?', 'מנוי נוער עד גיל 18: 150 ש"ח לחודש.'),
    faq('ride', 'יש הסעה מהתחנה?', 'כן, הסעה מתחנת הרכבת בכל שעה עגולה, 10 ש"ח.'),
    faq('vegan', 'יש מנות טבעוניות בבר?', 'כן, שלוש מנות טבעוניות.'),
    faq('kosher', 'הבר כשר?', 'כן, כשר חלבי.'),
    faq('mats', 'אתם מחליפים מזרנים?', 'כן, מזרנים חדשים לכל שיעור, ושטיפת בגדים ב-20 ש"ח.'),
    faq('disabled-parking', 'יש חניה לנכים?', 'כן, שני מקומות ליד הכניסה.'),
    faq('ahead', 'צריך להירשם מראש לשיעור?', 'בסופי שבוע כן; באמצע השבוע יש בדרך כלל מקום.'),
  ],
  { context: 'סטודיו פלואו' },
);
const bakery = buildFaqIndex([faq('cards', 'אפשר לשלם באשראי?', 'כן, באשראי.')], { context: 'מאפיית לחם' });
const answerOf = (index: typeof studio, q: string) =>
  decideFaq(index, q, { channel: 'whatsapp' }).answer?.entry.id ?? null;

describe('a closed class an answer lists', () => {
  test('answers a question about any member, named or left out', () => {
    expect(answerOf(studio, 'מקבלים מזומן?')).toBe('payment');
    expect(answerOf(studio, 'אפשר לשלם בפייבוקס?')).toBe('payment');
    expect(answerOf(studio, 'יש שיעורים בערבית?')).toBe('languages');
    expect(answerOf(studio, 'do you speak english?')).toBeNull(); // no word of the FAQ's question
  });
  test('but one member named alone does not answer another', () => {
    expect(answerOf(bakery, 'אפשר לשלם במזומן?')).toBeNull();
    expect(answerOf(bakery, 'אפשר לשלם בכרטיס אשראי?')).toBe('cards');
  });
});

describe('a yes-or-no question broader than its FAQ', () => {
  test('is answered when the FAQ says yes to a narrower thing', () => {
    expect(answerOf(studio, 'יש מגבות?')).toBe('towels');
    expect(answerOf(studio, 'יש הסעה?')).toBe('ride');
    const v = decideFaq(studio, 'יש מגבות?', { channel: 'whatsapp' }).answer?.verdict;
    expect(v?.narrower).toEqual(['למתאמנים']);
  });
  test('not when the FAQ says no, leaves out a contrast member, or asks something else', () => {
    expect(answerOf(studio, 'יש מקלחות?')).toBeNull();
    expect(answerOf(studio, 'יש הנחה?')).toBeNull();
    expect(answerOf(studio, 'יש חניה?')).toBeNull(); // the disabled are an audience, like soldiers
    expect(answerOf(studio, 'יש חנייה לנכים?')).toBe('disabled-parking');
    expect(answerOf(studio, 'כמה עולה הסעה?')).toBeNull(); // a price, not whether there is one
    expect(answerOf(studio, 'כמה עולה מנוי?')).toBeNull();
    expect(answerOf(studio, 'יש אוכל?')).toBeNull(); // "מנות טבעוניות" is about vegan food
    expect(answerOf(studio, 'יש מנה טבעונית?')).toBe('vegan');
  });
});

describe('"how much" asked of an FAQ that asks no price', () => {
  test('is answered by a sum that stands alone', () => {
    expect(answerOf(studio, 'כמה עולה הסעה מהתחנה?')).toBe('ride');
  });
  test('not by the sum of another thing the answer names', () => {
    expect(answerOf(studio, 'כמה עולה החלפת מזרן?')).toBeNull();
  });
});

describe('morphology', () => {
  test('a word is not read as prefix letters before a noun such as "בת" ("כלבת" is rabies)', () => {
    expect(analyzeText('חיסון כלבת').content.map((t) => t.text)).toEqual(['חיסון', 'כלבת']);
    expect(analyzeText('במה אתם עוסקים').asks).toEqual([]); // "במה" still "ב" + "מה"
  });
});

describe('light nouns', () => {
  test('the word an FAQ’s light noun governs stands for it', () => {
    expect(answerOf(studio, 'כמה עולה ייעוץ?')).toBe('consult');
  });
  test('a light noun alone is not the FAQ’s topic', () => {
    expect(answerOf(studio, 'כמה עולה טיפול?')).toBeNull();
    expect(answerOf(studio, 'כמה עולה שיחה?')).toBeNull();
  });
});

describe('details an answer covers', () => {
  test('a schedule answers for a day by its letter, a time of day, today or now', () => {
    expect(answerOf(studio, 'פתוחים ביום ו?')).toBe('hours');
    expect(answerOf(studio, "עד מתי פתוחים ביום ו'?")).toBe('hours');
    expect(answerOf(studio, 'פתוחים בערב?')).toBe('hours');
    expect(answerOf(studio, 'אתם פתוחים עכשיו?')).toBe('hours');
  });
  test('a weekend in an answer makes it a schedule too', () => {
    expect(answerOf(studio, 'צריך להירשם מראש לשיעור בשישי?')).toBe('ahead');
  });
  test('of "X או Y" alternatives in the message, one covered is enough, but none may contradict', () => {
    expect(answerOf(studio, 'הבר כשר? בשרי או חלבי?')).toBe('kosher');
    expect(answerOf(studio, 'יש הנחה לגמלאים או לסטודנטים?')).toBeNull();
  });
  test('but not for a holiday or a date', () => {
    expect(answerOf(studio, 'פתוחים בחג?')).toBeNull();
    expect(answerOf(studio, 'פתוחים ב-24/12?')).toBeNull();
  });
  test('a number asked about is covered by an answer with numbers, and a sum says whether it is free', () => {
    expect(answerOf(studio, 'כמה עולה מנוי לנוער בן 16?')).toBe('age');
    expect(answerOf(studio, 'ההסעה בחינם?')).toBe('ride');
    expect(answerOf(studio, 'יש מגבות ל2 אנשים?')).toBeNull(); // its answer has no number
  });
  test('but a sum does not say so when another FAQ is about something free', () => {
    const gym = buildFaqIndex(
      [
        faq('trainer', 'כמה עולה אימון אישי?', 'אימון אישי עם מאמן: 200 ש"ח.'),
        faq('trial', 'יש שיעור ניסיון בחינם?', 'כן, שיעור ניסיון אחד בלי עלות לכל מצטרף.'),
      ],
      { context: 'מכון כושר גל' },
    );
    // The customer may mean the free trial: the model says which.
    expect(answerOf(gym, 'יש אימון אישי בחינם?')).toBeNull();
    expect(answerOf(gym, 'כמה עולה אימון אישי?')).toBe('trainer');
    // Without such an FAQ, the sum answers it (above).
    expect(answerOf(studio, 'ההסעה בחינם?')).toBe('ride');
  });
  test('a verb of doing a service is not a topic of an FAQ that asks something else', () => {
    expect(answerOf(studio, 'אתם מחליפים מגבות?')).toBe('towels');
    expect(answerOf(studio, 'אתם מייצגים מתאמנים?')).toBeNull();
  });
});

describe('a price question broader than the one FAQ it meets', () => {
  const shop = buildFaqIndex(
    [
      faq('chain', 'כמה עולה החלפת שרשרת לאופניים חשמליים?', 'שרשרת לאופניים חשמליים: 180 ש"ח כולל עבודה.'),
      faq('tube-front', 'כמה עולה פנימית לגלגל קדמי?', 'פנימית קדמית 60 ש"ח.'),
      faq('tube-back', 'כמה עולה פנימית לגלגל אחורי?', 'פנימית אחורית 70 ש"ח.'),
      faq('kids-tune', 'כמה עולה כוונון אופני ילדים?', 'כוונון אופני ילדים 50 ש"ח.'),
      faq('service', 'כמה עולה טיפול שנתי?', 'טיפול שנתי 250 ש"ח.'),
      faq('service-time', 'כמה זמן לוקח טיפול?', 'כשעה.'),
      faq('storage', 'יש אחסון לאופניים?', 'כן, 100 ש"ח לחודש.'),
    ],
    { context: 'חנות גלגלים' },
  );
  test('is answered when no other FAQ of the business meets it, the words left out shown', () => {
    expect(answerOf(shop, 'כמה עולה החלפת שרשרת?')).toBe('chain');
    expect(answerOf(shop, 'מחיר לשרשרת חדשה לאופניים?')).toBeNull(); // "חדשה" is covered nowhere
    const v = decideFaq(shop, 'כמה עולה להחליף שרשרת?', { channel: 'whatsapp' }).answer?.verdict;
    expect(v?.narrower).toEqual(['לאופניים', 'חשמליים']);
  });
  test('not when two FAQs meet it, even with no contrast word between them', () => {
    expect(answerOf(shop, 'כמה עולה פנימית?')).toBeNull();
    expect(answerOf(shop, 'כמה עולה פנימית לגלגל קדמי?')).toBe('tube-front');
  });
  test('not when what it leaves out is an audience, nor through a light noun alone', () => {
    expect(answerOf(shop, 'כמה עולה כוונון?')).toBeNull(); // for children only
    expect(answerOf(shop, 'כמה עולה טיפול?')).toBeNull();
  });
  test('not for a question that asks no price', () => {
    expect(answerOf(shop, 'צריך להחליף שרשרת?')).toBeNull();
    expect(answerOf(shop, 'מתי מחליפים שרשרת?')).toBeNull();
  });
});

describe('the members of a closed class an FAQ question names', () => {
  test('need not be asked when the answer lists the class', () => {
    expect(answerOf(studio, 'איך אפשר לשלם?')).toBe('payment');
    expect(answerOf(studio, 'איך משלמים אצלכם?')).toBe('payment');
  });
  test('but must be when the answer names one member only', () => {
    expect(answerOf(bakery, 'איך אפשר לשלם?')).toBeNull();
    expect(answerOf(studio, 'אפשר לשלם בתשלומים?')).toBeNull(); // nothing says installments
  });
});

describe('how long or when, asked of the one FAQ that says yes to a narrower thing', () => {
  const garage = buildFaqIndex(
    [
      faq('warranty', 'יש אחריות על התיקון?', 'אחריות 6 חודשים על חלקים ועבודה.'),
      faq('loan', 'יש רכב חלופי לנהגים צעירים?', 'כן, 100 ש"ח ליום.'),
      faq('no-wash', 'יש שטיפה לרכב?', 'לא, אין שטיפה.'),
    ],
    { context: 'מוסך' },
  );
  test('is answered when the answer gives that kind of thing', () => {
    expect(answerOf(garage, 'כמה זמן האחריות?')).toBe('warranty');
  });
  test('not when the answer does not give it, or says no', () => {
    expect(answerOf(garage, 'מתי אפשר לקבל רכב חלופי?')).toBeNull(); // no time in its answer
    expect(answerOf(garage, 'כמה זמן לוקחת שטיפה?')).toBeNull();
  });
});

describe('"do you do X?" of the one FAQ whose answer says yes and names X', () => {
  const office = buildFaqIndex(
    [
      faq('family', 'אתם מטפלים בגירושין?', 'כן: גירושין, הסכמי ממון, משמורת ומזונות.'),
      faq('electric', 'אתם מטפלים ברכבים חשמליים?', 'לא, רק ברכבים היברידיים.'),
      faq('dogs', 'מותר להביא כלב?', 'כלבים מותרים במרפסת בלבד.'),
      faq('wills', 'אתם עורכים צוואות?', 'כן, צוואות וייפוי כוח מתמשך.'),
      faq('poa', 'כמה עולה ייפוי כוח מתמשך?', '3,000 ש"ח.'),
    ],
    { context: 'משרד כהן' },
  );
  test('is answered by that FAQ', () => {
    expect(answerOf(office, 'אתם עושים הסכמי ממון?')).toBe('family');
    expect(answerOf(office, 'מטפלים במזונות?')).toBe('family');
  });
  test('not when the answer says no, the FAQ asks no "do you", another FAQ meets it, or more is asked', () => {
    expect(answerOf(office, 'אתם מטפלים בהיברידיים?')).toBeNull();
    expect(answerOf(office, 'יש מרפסת?')).toBeNull();
    expect(answerOf(office, 'אתם עושים ייפוי כוח מתמשך?')).toBe('poa'); // its own question, not "wills"
    expect(answerOf(office, 'אתם עושים ייפוי כוח?')).toBeNull(); // "wills" names it, "poa" is narrower
    expect(answerOf(office, 'כמה עולה הסכם ממון?')).toBeNull();
    expect(answerOf(office, 'אתם מטפלים במשמורת ילדים?')).toBeNull(); // "ילדים" is named nowhere
  });
});

describe('a day or a time of day an FAQ question names', () => {
  const cafe = buildFaqIndex(
    [
      faq('lunch', 'יש עסקית בצהריים?', 'עסקית ראשון עד חמישי 12:00–17:00: 89 ש"ח.'),
      faq('delivery', 'יש משלוחים בערב?', 'כן, עד הבית.'),
    ],
    { context: 'קפה נוף' },
  );
  test('may be left out when the answer is a schedule, which says itself when', () => {
    expect(answerOf(cafe, 'יש עסקית?')).toBe('lunch');
    expect(answerOf(cafe, 'מתי יש עסקית?')).toBe('lunch');
  });
  test('not when the answer gives no time, and never against another day or time', () => {
    expect(answerOf(cafe, 'יש משלוחים?')).toBeNull();
    expect(answerOf(cafe, 'יש עסקית בערב?')).toBeNull();
  });
});

describe('"how much is X?" of the one "do you" FAQ whose answer prices X', () => {
  const garage = buildFaqIndex(
    [faq('tyres', 'אתם מחליפים צמיגים?', 'כן, צמיגים חדשים לכל הדגמים, ותיקון פנצ\'ר ב-50 ש"ח.')],
    { context: 'מוסך' },
  );
  test('is answered by the sum that names X', () => {
    expect(answerOf(garage, "כמה עולה תיקון פנצ'ר?")).toBe('tyres');
  });
  test('not by it for another thing its answer names', () => {
    expect(answerOf(garage, 'כמה עולה להחליף צמיגים?')).toBeNull(); // the sum is the puncture's
  });
});
