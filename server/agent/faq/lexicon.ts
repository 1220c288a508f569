/**
 * What the FAQ rule knows about words beyond their spelling. Written by hand, in two kinds:
 * closed classes (greetings, pronouns, interrogatives, modals, days) and synonym sets of
 * everyday customer-service Hebrew, each set written out whole (its inflections, its
 * spelling variants, the English a customer mixes in) when a tuning question or an FAQ list
 * called for it. Adding a word here can only make two texts meet that did not before, so
 * every set is a claim that its members ask the same thing.
 *
 * Phrases are written as typed; they are normalised when the lookup is built (lexicon-index.ts).
 */

/** Words that say nothing about the topic: dropped on both sides before anything is compared. */
export const FILLERS = [
  // pronouns, prepositions, particles
  'את | של | על | עם | אל | גם | זה | זו | זאת | הזה | הזאת | הזו | כזה | כזאת | הוא | היא | הם | הן',
  'אני | אנחנו | אתה | אתם | אתן | לי | לנו | לך | לכם | לכן | אצלכם | אצלך | אצלכן | שלכם | שלך | שלכן',
  'אליכם | אלייכם | אליך | בשבילי | אותו | אותה | אותם | יש | אין | לא | כן | או | אם | כי | רק | כל',
  'עד | עוד | כבר | עדיין | פה | כאן | שם | אז | קצת | ממש | מאוד | נורא | בערך | בדיוק | מדויק',
  'מדויקת | בכלל | בעצם | פשוט | כאילו | משהו | דבר | סתם | יותר | פחות | להיות | היה | יהיה | צריכה להיות',
  'ליד | באזור | בסביבה | קרוב | קרובה | בקרבת | בקרבת מקום | בקרבת המקום | לגבי | בנוגע | בקשר',
  // greetings, politeness, openers
  'היי | הי | הלו | שלום | אהלן | hi | hey | hello | תודה | תודה רבה | thanks | thx | בבקשה | please | pls',
  'בוקר טוב | ערב טוב | צהריים טובים | לילה טוב | מה קורה | מה נשמע | מה שלומך | אחי | אחותי | חבר | חברים',
  'נו | יא | וואלה | סבבה | אוקיי | אוקי | ok | okay | רגע | שאלה | שאלה קטנה | יש לי שאלה | רציתי לשאול',
  'רציתי לדעת | רוצה לדעת | אשמח לדעת | אפשר לשאול | תגיד | תגידי | תגידו | תגיד לי | תגידי לי | תגידו לי',
  'לשאול | לדעת | לברר | מעניין אותי',
  // English function words of a mixed message ("where can i park?", "do you have parking")
  'do | does | you | your | we | is | are | the | an | to | of | for | there | any | have | has | me | u | ur',
  // wanting, when nothing to do follows (intent.ts reads "רוצה לקבוע" as a request first)
  'רוצה | רוצים | רוצות | רציתי | רצינו | מעוניין | מעוניינת | מעוניינים',
  // asking to be sent what is asked for ("שלחו כתובת"), or whether one is entitled to it
  'שלח | שלחו | שלחי | תשלח | תשלחו | תשלחי | מגיע לי | מגיעה לי | מגיע לנו | אחד | אחת | יום',
  // generic verbs of doing and getting
  'עושים | עושה | עושות | לעשות | נותנים | נותן | לקבל | מקבל | לקחת | מתאים | לראות | לתוך | בתוך',
  'מדיניות | תנאי | תנאים | נוהל | נהלים | מקרה | במקרה',
  // "in advance" is what needing to book already says ("צריך להזמין מקום?" asks "…מראש?")
  'מראש',
  // the business speaking of itself, and the domain nouns every question of its kind shares
  'עסק | המקום | מספרה | מרפאה | קליניקה | מוסך | מסעדה | משרד | סטודיו | סלון | עורך דין | עורכי דין | עורכת דין',
  'שיער | שיניים | רכב | רכבים | אוטו | מכונית | משפטי | משפטית | שירות | שירותים | תור | תורים',
  'בניין | בנין',
  'גיל | בן | בת',
] as const;

/**
 * Fillers that refer to the business itself. "איפה אתם?" asks for the address, while "איפה?"
 * alone is a follow-up to something the fast path never saw.
 */
export const SELF_WORDS =
  'אתם | אתן | אצלכם | אליכם | עסק | המקום | מספרה | מרפאה | קליניקה | מוסך | מסעדה | משרד | סטודיו | סלון';

/**
 * Interrogatives by what they ask for. Two texts asking different kinds of thing (where vs
 * how much) do not match. `covers`: the topic an interrogative implies, which may stand for
 * that topic in the FAQ's question ("כמה זה" asks the price "כמה עולה" names).
 */
export const QUESTION_WORDS: Record<string, { phrases: string; covers?: string }> = {
  where: { phrases: 'איפה | היכן | מאיפה | where', covers: '#address' },
  when: {
    phrases: 'מתי | עד מתי | מאיזה שעה | מאיזו שעה | עד איזה שעה | עד איזו שעה | באיזה שעה | באיזו שעה',
    covers: '#hours',
  },
  'how-much': {
    phrases:
      'כמה | בכמה | how much | כמה משלמים | כמה לשלם | כמה צריך לשלם | כמה זה יוצא | כמה יוצא | כמה זה יעלה | כמה יעלה | כמה יעלו',
    covers: '#price',
  },
  'how-long': { phrases: 'כמה זמן | תוך כמה זמן | כמה דקות | כמה שעות | how long', covers: '#takes-time' },
  how: { phrases: 'איך | כיצד | how' },
  why: { phrases: 'למה | מדוע | why' },
  who: { phrases: 'מי | who' },
  which: { phrases: 'מה | האם | איזה | איזו | אילו | באיזה | באיזו | באילו | what | which' },
};
/** Interrogatives that narrow nothing: they never conflict with another. */
export const GENERIC_QUESTION = 'which';

/** Whether something is allowed or required: "אפשר להביא כלב?" is not "צריך להביא כלב?". */
export const MODALS: Record<string, string> = {
  can: 'אפשר | ניתן | מותר | אפשרי | אפשרות | יש אפשרות | יכול | יכולה | יכולים | can',
  must: 'צריך | צריכה | צריכים | חייב | חייבת | חייבים | חובה | must',
};

/**
 * Synonym sets. A single word keeps its own spelling forms beside the concept; a phrase of
 * several words becomes the concept alone ("שכר טרחה" is a price, "שכר" alone is a salary).
 */
export const CONCEPTS: Record<string, string> = {
  '#price':
    'עולה | עולים | עולות | עלות | עלויות | מחיר | מחירים | מחירון | תמחור | תעריף | תעריפים | כמה כסף | שכר טרחה | לוקחים על | לוקחת על | לוקח על | גובים | גובה | price | prices | cost | costs | pricing',
  '#hours':
    'שעות | שעות פתיחה | שעות קבלה | שעות פעילות | שעות עבודה | זמני פעילות | פתוח | פתוחים | פתוחה | פתוחות | פותחים | פותח | סוגרים | סוגר | סגור | סגורים | סגורה | פועלים | עובדים | עובד | עובדת | מקבלים | open | opening | hours',
  '#address':
    'כתובת | כתובות | מיקום | לוקיישן | לוקשן | לוקישן | קומה | רחוב | באיזה רחוב | נמצאים | נמצא | נמצאת | ממוקמים | ממוקם | איך מגיעים | איך להגיע | waze | וויז | גוגל מפות | address | location',
  '#parking':
    'חניה | חנייה | חניות | חניון | חניונים | לחנות | להחנות | חונים | מחנים | לחנייה | מקום חניה | parking | park | פרקינג',
  '#discount': 'הנחה | הנחות | מבצע | מבצעים | הטבה | הטבות | קופון | קופונים | discount | sale',
  '#cancel': 'ביטול | ביטולים | לבטל | מבטלים | מבטל | מבטלת | דמי ביטול | cancel',
  '#book': 'לקבוע | קובעים | קביעת | לתאם | מתאמים | book',
  '#reserve': 'להזמין | הזמנה | הזמנות | מזמינים | להזמין מקום | הזמנת מקום | לשריין | reservation',
  '#move': 'להזיז | לדחות | להקדים | לשנות | הזזה | דחייה',
  '#pay': 'לשלם | תשלום | משלמים | משלם | מקבלים | pay | payment',
  '#installments': 'תשלומים | לפרוס | פריסה | לחלק לתשלומים | פריסת תשלומים',
  '#free':
    'חינם | בחינם | חינמי | חינמית | בלי תשלום | ללא תשלום | בלי עלות | ללא עלות | ללא חיוב | בלי חיוב | על חשבון הבית | free',
  '#without': 'בלי | ללא | without | free',
  '#vegan': 'טבעוני | טבעונית | טבעוניות | טבעוניים | טבעונים | vegan',
  // The delivery platforms are how a restaurant delivers: "יש וולט?" asks whether it does.
  '#delivery': 'משלוח | משלוחים | דליברי | delivery | וולט | wolt | תן ביס | תנביס | 10ביס | משלוחה',
  '#gluten': 'גלוטן | gluten',
  '#menu': 'תפריט | תפריטים | menu',
  '#dishes': 'מנה | מנת | מנות | אוכל | אופציה | אופציות | אפשרויות | תפריט | תפריטים | options | food',
  '#event': 'אירוע | אירועים | event | events',
  '#kosher': 'כשר | כשרה | כשרים | כשרות | השגחה | תעודת כשרות | kosher',
  '#accessible':
    'נגיש | נגישה | נגישים | נגישות | גישה | נכים | כיסא גלגלים | כסא גלגלים | מעלית | accessible',
  '#dog': 'כלב | כלבים | כלבה | dog | dogs',
  '#bring': 'להביא | מביאים | להגיע עם | לבוא עם',
  '#wine': 'יין | יינות | wine',
  '#pickup': 'איסוף | לאסוף | אוספים | אוסף | pickup',
  '#replace': 'להחליף | מחליפים | מחליף | החלפה | החלפת',
  '#prepare': 'להכין | מכינים | מכין | הכנה | הכנת',
  '#test': 'טסט | טסטים | test',
  '#brakes': 'בלמים | בלם | ברקסים | brakes',
  '#ac': 'מזגן | מזגנים | מיזוג | מיזוג אוויר',
  '#fill': 'מילוי | למלא | ממלאים | ממלא',
  '#check': 'בדיקה | בדיקת | בדיקות | לבדוק | בודקים | אבחון | אבחנה | diagnostics',
  '#warranty': 'אחריות | warranty | guarantee',
  // Insurers by name (those whose names are not also everyday words: "מגדל", "כלל", "מנורה").
  '#insurance':
    'ביטוח | ביטוחים | חברת ביטוח | חברות ביטוח | insurance | הראל | הפניקס | פניקס | מגדל ביטוח | כלל ביטוח | מנורה מבטחים | איילון | ביטוח ישיר | שומרה | ליברה | aig | 9 מיליון',
  '#partner': 'הסדר | הסדרים | בהסדר | עובדים עם | עובדים מול',
  '#health-fund': 'קופה | קופות | קופת חולים | קופות חולים | קופות החולים | מכבי | כללית | מאוחדת | לאומית',
  '#practice': 'עוסקים | עוסק | עוסקת | מתמחים | מתמחה | תחום | תחומים | תחומי עיסוק | מטפלים | מטפל | מטפלת',
  // Verbs of doing a service for a customer: "אתם מחליפים צמיגים?" asks whether there are tyres.
  '#offer':
    'מטפלים | מטפל | מטפלת | מציעים | מציע | מספקים | מספק | עורכים | עורך | עורכת | מקבלים | מחליפים | ממלאים | מתקנים | מתקינים | מייצגים | מייצג | מייצגת',
  '#takes-time': 'לוקח | לוקחת | נמשך | נמשכת',
  '#documents': 'מסמך | מסמכים | ניירת | documents',
  '#consult': 'ייעוץ | יעוץ | התייעצות | consultation',
  '#meeting': 'פגישה | פגישות | להיפגש | נפגשים | meeting',
  '#remote': 'זום | zoom | אונליין | online | וידאו | שיחת וידאו',
  '#language': 'שפה | שפות | מדברים | מדבר | מדברת | language | languages',
  '#divorce': 'גירושין | גירושים | להתגרש | מתגרשים | divorce',
  '#will': 'צוואה | צוואות | will',
  '#power': 'כוח | כח',
  '#criminal': 'פלילי | פליליים | פלילית | משפט פלילי | criminal',
  '#buy': 'קנייה | קניית | לקנות | רכישה | רכישת | קונים',
  '#sell': 'מכירה | מכירת | למכור | מוכרים',
  '#cut': 'תספורת | תספורות | להסתפר | לספר | מסתפרים | haircut',
  '#color': 'צבע | צביעה | לצבוע | צובעים | color',
  '#straighten': 'החלקה | החלקות | להחליק | מחליקים',
  '#first': 'ראשונה | הראשונה | first',
  // Deixis of time: asked of an FAQ whose answer gives times, the answer says it.
  '#now': 'היום | עכשיו | כרגע | מחר | מחרתיים | השבוע | today | now | tomorrow',
  // Number words, read like digits ("טיפול 15 אלף").
  '#number': 'אלף | אלפים | מאה | מאות',
};

/**
 * Light nouns: heads that say little beside the word they govern ("פגישת ייעוץ", "טיפול עם גז
 * צחוק", "תיקים פליליים", "מנות טבעוניות"). An FAQ's light noun need not be in the message when
 * the word it governs is; the message's own light noun still needs a counterpart.
 */
export const LIGHT_NOUNS =
  'פגישה | פגישת | פגישות | שיחה | שיחת | שיחות | טיפול | טיפולי | טיפולים | תיק | תיקי | תיקים | ליווי | מנה | מנת | מנות';

/**
 * Closed classes an answer may list: when an FAQ's answer names two members or more, it
 * answers a question about any member, by naming it or by leaving it out ("מקבלים paybox?"
 * → "אשראי, ביט ומזומן"). A member's class key ("%pay-method") meets the FAQ's own members
 * only in that case (match.ts); every member is also the class's `umbrella` concept ("מדברים
 * ערבית?" asks about languages).
 */
export const ENUMERATIONS: Record<string, { umbrella: string; members: Record<string, string> }> = {
  '%pay-method': {
    umbrella: '#pay',
    members: {
      '#credit':
        'אשראי | כרטיס אשראי | ויזה | visa | מאסטרקארד | ישראכרט | אמריקן אקספרס | אמקס | דיינרס | credit',
      '#bit': 'ביט | bit',
      '#paybox': 'פייבוקס | פיי בוקס | paybox',
      '#cash': 'מזומן | מזומנים | cash',
      '#cheque': 'צק | צקים | שיק | שיקים | cheque',
      '#transfer': 'העברה בנקאית | העברה בבנק | bank transfer',
      '#wallet': 'אפל פיי | apple pay | גוגל פיי | google pay',
      '#paypal': 'פייפאל | paypal',
    },
  },
  '%hmo': {
    umbrella: '#hmo',
    members: {
      '#clalit': 'כללית | קופת חולים כללית | clalit',
      '#maccabi': 'מכבי | maccabi',
      '#meuhedet': 'מאוחדת | meuhedet',
      '#leumit': 'לאומית | leumit',
    },
  },
  '%language': {
    umbrella: '#language',
    members: {
      '#hebrew': 'עברית | hebrew',
      '#english': 'אנגלית | english | אינגליש',
      '#russian': 'רוסית | russian',
      '#arabic': 'ערבית | arabic',
      '#french': 'צרפתית | french',
      '#spanish': 'ספרדית | spanish',
      '#amharic': 'אמהרית | amharic',
      '#yiddish': 'יידיש | yiddish',
    },
  },
};

/**
 * What a concept in the customer's message also stands for when it meets an FAQ's question:
 * asking to pay in installments asks how to pay; asking whether it is free asks the price.
 * One way only: "איך משלמים?" does not ask about installments.
 */
export const IMPLIES: Record<string, readonly string[]> = {
  '#installments': ['#pay'],
  '#free': ['#price'],
};

/**
 * What a yes-or-no question ("יש X?", "אתם עושים X?") is answered by besides X itself: an FAQ
 * about X's price, or about whether the business offers X, says whether X exists.
 */
export const EXISTENCE_IMPLIES = ['#price', '#offer', '#partner'] as const;

/**
 * Concepts that frame a question rather than name its topic: "אתם מטפלים בילדים?" asks what
 * "יש טיפול לילדים?" asks. A message's word of this kind needs no counterpart in the FAQ.
 */
export const FRAMING = new Set(['#offer']);

/**
 * Words that exclude each other: a question about one member is never answered with an FAQ
 * about another (נשים vs גברים, סטודנטים vs חיילים). Members are also concepts, so their
 * inflections and spellings meet.
 */
export const CONTRASTS: Record<string, Record<string, string>> = {
  who: {
    '@men': 'גבר | גברים | men | man',
    '@women': 'אישה | אשה | נשים | גברות | women | woman | ladies',
    '@kids': 'ילד | ילדים | ילדה | ילדות | נוער | kids | kid | children | child',
  },
  // Who a discount or a price is for: a student may be a man, but is not a soldier or a child.
  status: {
    '@kids': '',
    '@soldiers': 'חייל | חיילים | חיילת | חיילות | soldiers',
    '@students': 'סטודנט | סטודנטים | סטודנטית | סטודנטיות | students',
    '@seniors':
      'גמלאי | גמלאים | גימלאי | גימלאים | פנסיונר | פנסיונרים | אזרחים ותיקים | אזרח ותיק | גיל הזהב | seniors',
    '@disabled': 'נכה | נכים | נכות | בעלי מוגבלויות | בעלי מוגבלות | disabled',
  },
  day: {
    '@sun': 'ראשון | יום ראשון | יום א',
    '@mon': 'שני | יום שני | יום ב',
    '@tue': 'שלישי | יום שלישי | יום ג',
    '@wed': 'רביעי | יום רביעי | יום ד',
    '@thu': 'חמישי | יום חמישי | יום ה',
    '@fri': 'שישי | יום שישי | יום ו',
    '@sat': 'שבת | יום שבת',
    '@sat-night': 'מוצאי שבת | מוצש | מוצאש',
    '@weekend': 'סופש | סוף שבוע | סופי שבוע | סוף השבוע',
  },
  daytime: {
    '@morning': 'בוקר | בבוקר',
    '@noon': 'צהריים | צהרים',
    '@evening': 'ערב | בערב',
    '@night': 'לילה | בלילה',
  },
  deal: { '#buy': '', '#sell': '' },
  kosher: { '@meat': 'בשרי | בשרית', '@dairy': 'חלבי | חלבית' },
};
