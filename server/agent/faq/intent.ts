/**
 * Whether a message asks about the business, or asks the business to do something (book,
 * cancel, move, reserve) or about the customer's own data ("התור שלי"). Only the first may
 * be answered from an FAQ without a model: "אפשר לבטל תור?" wants a cancellation, not the
 * cancellation policy, and "מתי התור שלי?" needs the calendar. Errs towards "act": a
 * question read as a request goes to the model, which can still answer it.
 */
import { bases } from './morphology';
import { displayForm, foldSpelling, normalizeHebrew } from './normalize';

export interface Intent {
  /** Words that ask for an action ("תקבעי", "רוצה לבטל", "אפשר להזיז"). */
  act: string[];
  /** Words about the customer's own records ("שלי", "קבעתי", "יש לי תור"). */
  own: string[];
}

const set = (words: string) =>
  new Set(
    words
      .split(/\s+/)
      .filter(Boolean)
      .map((w) => foldSpelling(normalizeHebrew(w))),
  );

const OWN = set(`שלי שלנו אצלי אצלנו משלי my mine our
  קבעתי קבענו הזמנתי הזמנו נרשמתי נרשמנו שילמתי שילמנו השארתי הבאתי הבאנו ביטלתי הזזתי דחיתי`);
/** "יש לי תור", "היה לנו הזמנה": the customer's own booking. */
const HAVE = set('יש היה היתה');
const MINE = set('לי לנו');
const BOOKED_THING = set('תור תורים פגישה הזמנה שולחן טיפול');

/** Second-person imperatives and futures of the actions: "תקבעי לי", "בטלו". */
const COMMANDS = set(`תקבע תקבעי תקבעו קבע קבעי קבעו תבטל תבטלי תבטלו בטלי בטלו תזיז תזיזי תזיזו
  הזז הזיזי הזיזו תדחה תדחי תדחו תקדים תקדימי תקדימו תזמין תזמיני תזמינו הזמן הזמיני הזמינו
  תשמור תשמרי תשמרו שמור שמרי שמרו תרשום תרשמי תרשמו רשום רשמי רשמו תשריין תשרייני תשריינו
  שריין תתאם תתאמי תתאמו תן תני תנו תגיע תגיעי תגיעו תבוא תבואי תבואו
  book cancel reschedule`);
const ACTIONS = set(`לקבוע לקבע לזמן להזמין לבטל להזיז לדחות להקדים לשנות לתאם לשריין לשמור
  להירשם לרשום`);
/** After "I want": coming over or bringing something in is booking too. */
const WANT_ACTIONS = new Set([...ACTIONS, ...set('להביא לבוא להגיע להיכנס')]);
const WANTED_THINGS = set('תור פגישה שולחן מקום הזמנה');
const WANT = set(
  'רוצה רוצים רוצות רציתי רצינו מבקש מבקשת מבקשים ביקשתי אשמח נשמח מעוניין מעוניינת מעוניינים',
);
const FIRST_PERSON = set('אני אנחנו');
const NEED = set('צריך צריכה צריכים');
const CAN = set('אפשר ניתן אפשרי אפשרות');
/** Words that make "אפשר לבטל" a question about the policy ("איך אפשר לבטל?", "עד מתי?"). */
const POLICY = set('איך כיצד מתי מראש מדיניות דמי תנאי תנאים');
const AVAILABILITY = set('פנוי פנויה פנויים פנויות זמינות');

const has = (s: ReadonlySet<string>, word: string) => bases(word).some((b) => s.has(b));

export function intentOf(text: string): Intent {
  const words = normalizeHebrew(text).split(' ').filter(Boolean).map(foldSpelling);
  // Reported as typed (final letters kept); displayForm splits into the same words.
  const typed = displayForm(text).split(' ').filter(Boolean);
  const found = { act: new Set<number>(), own: new Set<number>() };
  const policy = words.some((w) => has(POLICY, w));
  words.forEach((w, i) => {
    const next = words.slice(i + 1, i + 4);
    if (OWN.has(w)) found.own.add(i);
    if (HAVE.has(w) && MINE.has(words[i + 1] ?? '') && next.some((n) => has(BOOKED_THING, n)))
      found.own.add(i).add(i + 1);
    if (COMMANDS.has(w)) found.act.add(i);
    if (has(AVAILABILITY, w)) found.act.add(i);
    const wants = WANT.has(w) || (NEED.has(w) && FIRST_PERSON.has(words[i - 1] ?? '')) || w === 'בא';
    if (
      wants &&
      next.some((n) => WANT_ACTIONS.has(n) || has(WANTED_THINGS, n)) &&
      (w !== 'בא' || next[0] === 'לי')
    )
      found.act.add(i);
    if (CAN.has(w) && !policy && next.some((n) => ACTIONS.has(n))) found.act.add(i);
  });
  const report = (at: Set<number>) =>
    joinRuns(
      [...at].sort((a, b) => a - b),
      typed,
    );
  return { act: report(found.act), own: report(found.own) };
}

/** Adjacent word positions become one phrase ("יש לי"), each run in order. */
function joinRuns(positions: number[], words: string[]): string[] {
  const out: string[] = [];
  positions.forEach((p, k) => {
    const word = words[p] ?? '';
    if (k > 0 && positions[k - 1] === p - 1) out[out.length - 1] += ` ${word}`;
    else out.push(word);
  });
  return out;
}
