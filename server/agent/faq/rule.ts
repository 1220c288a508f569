/**
 * The precision rule: when an FAQ's answer may be sent to a customer without a model.
 *
 * An FAQ answers a message when
 *  1. every content word of the message is covered: by a word of the FAQ's question, or
 *     (for the details beyond its topic) by a word of its answer, and at least one by the
 *     question ("פתוחים בשישי?" is the opening hours' question, and its answer names Friday);
 *  2. every content word of the FAQ's question is in the message (or implied by how it asks:
 *     "כמה" stands for the price): "כמה עולה תספורת?" is not "כמה עולה תספורת גברים?";
 *  3. nothing contradicts: no contrast member against another (נשים vs גברים, סטודנטים vs
 *     חיילים), no interrogative asking for a kind of thing (איפה, כמה) the FAQ neither asks nor
 *     answers, no "must" against "may".
 * Whether the message asks a question at all, rather than for an action, is intent.ts.
 */
import type { Analysis, Term } from './analyze';
import { CONTRASTS, FRAMING, IMPLIES, QUESTION_WORDS } from './lexicon';
import { CONTRAST_OF, ENUMERATION_OF } from './lexicon-index';
import { type AnswerScope, excludedByAnswer } from './omission';

export interface FaqSide {
  question: Analysis;
  /** Every key of the answer's words, and "#price" when it names a sum. */
  answerKeys: ReadonlySet<string>;
  /** The kinds of question the answer's text answers (answerGives()). */
  answerGives: ReadonlySet<string>;
  /** The answer says yes: it names no negation ("לא", "אין", "איננו"). */
  affirmative: boolean;
  /** The answer is a schedule (clock times, weekdays): it says itself when. */
  schedule: boolean;
  /**
   * The keys of each clause of the answer that names a sum or a count; an empty set for a
   * clause that names nothing else ("100 ש"ח ליום"), whose sum is the whole answer's.
   */
  sumClauses(): readonly ReadonlySet<string>[];
  /** What the answer says of what it leaves out (omission.ts). */
  scope: AnswerScope;
}

/**
 * Whether the answer's sum is about what the message asks the amount of: asked "כמה עולה
 * החלפת צמיגים?" of "אתם מחליפים צמיגים?", the answer "כן, צמיגים חדשים…, ותיקון פנצ'ר ב-50
 * ש"ח" names the sum of another thing. Only for an FAQ that asks no price itself.
 */
function sumIsAsked(query: Analysis, faq: FaqSide): boolean {
  const f = faq.question;
  if (!query.asks.includes('how-much') || f.asks.includes('how-much')) return true;
  if (f.content.some((u) => u.keys.includes('#price'))) return true;
  const topical = (k: string) => k !== '#price' && k !== '#number' && k !== '#free';
  return faq
    .sumClauses()
    .some(
      (clause) =>
        clause.size === 0 || query.content.some((t) => t.keys.some((k) => topical(k) && clause.has(k))),
    );
}

const NEGATION = /(^|\s)(לא|אין|אינו|אינה|אינם|אינן|איננו|אסור|no|not)(\s|$)/u;

/** Whether an answer affirms what its question asks (no negation anywhere in it). */
export function isAffirmative(normalisedAnswer: string): boolean {
  return !NEGATION.test(normalisedAnswer);
}

/**
 * The position of the FAQ question's head: its first term that is not a framing word or a light
 * noun ("מנות טבעוניות" is about vegan, "יש תפריט?" is not asking it). Hebrew
 * puts the head first ("אחריות על התיקון", "חניה לאופנועים"), so this is what a yes-or-no
 * question about the FAQ's narrower thing is about. -1 when there is none.
 */
export function headOf(question: Analysis): number {
  return question.content.findIndex((t) => !t.light && !t.keys.some((k) => FRAMING.has(k)));
}

/**
 * Existence is upward: when the FAQ asks yes or no whether there is X-with-something ("יש
 * אחריות על התיקון?") and its answer says yes, it answers whether there is X ("יש אחריות?"). So a
 * yes-or-no question (may, not must) that meets the FAQ question's head need not name the
 * rest of it, unless what it leaves out is a contrast member ("יש הנחה?" is not "לחיילים") or
 * a member of a closed class ("אפשר לשלם במזומן?" is not "באשראי").
 */
function existenceCovers(query: Analysis, faq: FaqSide, met: readonly boolean[]): boolean {
  if (!query.yesNo || !faq.question.yesNo || query.modals.includes('must') || !faq.affirmative) return false;
  const head = headOf(faq.question);
  if (head < 0 || !met[head]) return false;
  return faq.question.content.every((u, i) => met[i] || mayLeaveOut(u, faq));
}

/** Contrast classes of when, not of whom: a schedule answer names its own days and hours. */
const TIME_CLASSES = new Set(['day', 'daytime']);

/**
 * Whether a message may leave out this word of a narrower FAQ's question: not an audience or
 * another contrast member ("יש הנחה?" is not "לחיילים"), not a closed-class member ("אפשר
 * לשלם במזומן?" is not "באשראי"); a day or a time of day only when the answer is a schedule,
 * which says itself when ("יש עסקית?" of "יש עסקית בצהריים?" → "ראשון עד חמישי 12:00–17:00").
 */
function mayLeaveOut(u: Term, faq: FaqSide): boolean {
  if (u.keys.some((k) => ENUMERATION_OF.has(k))) return false;
  if (u.contrast.length === 0) return true;
  return (
    faq.schedule && u.contrast.every((m) => [...(CONTRAST_OF.get(m) ?? [])].every((c) => TIME_CLASSES.has(c)))
  );
}

const TIME = /\d{1,2}:\d{2}|שעות|שעה|לפני|אחרי|ראשון|שני|שלישי|רביעי|חמישי|שישי|שבת|בוקר|ערב|צהריים/u;
const DURATION = /\d+\s*(דקות|שעות|ימים|שבועות|חודשים)|(^|[\s(])כ?(חצי שעה|שעה|שעתיים|רבע שעה)/u;
/** A sum or a count: "כמה" asks either ("כמה תשלומים?" is answered by "עד 12 תשלומים"). */
const AMOUNT = /\d|₪|ש"ח|ש״ח|שקל|חינם|בלי עלות|ללא עלות/u;
/** An address or a way there: a street and a number, a floor, a distance, "opposite", "behind". */
const PLACE =
  /(רחוב|רח'|דרך|שדרות|שד')\s+(\S+\s+){0,2}\d|קומה\s+\d|\d+\s*מטר|(^|\s)(מול|ליד|פינת|מאחורי|ממול)\s|אזור התעשייה/u;

/**
 * What kinds of question (where, when, how much, how long, how) an answer's text answers:
 * "עד מתי אפשר לבטל?" is answered by "עד 24 שעות לפני התור" though its FAQ asks "איך".
 */
export function answerGives(answer: string): Set<string> {
  const out = new Set(['how']);
  if (TIME.test(answer)) out.add('when');
  if (DURATION.test(answer)) out.add('how-long');
  if (AMOUNT.test(answer)) out.add('how-much');
  if (PLACE.test(answer)) out.add('where');
  return out;
}

export interface Verdict {
  pass: boolean;
  /** Message words covered by the FAQ's question, each with the question's word. */
  matched: { word: string; by: string }[];
  /** Message words covered only by the answer. */
  inAnswer: string[];
  /** Message words neither the question nor the answer covers. */
  missingFromFaq: string[];
  /** FAQ question words the message does not have. */
  missingFromQuestion: string[];
  /**
   * FAQ question words the message leaves out, answered anyway: the FAQ affirms a narrower
   * thing, or it is the only FAQ meeting the message (onlyMatchCovers(), answerNamesCovers()).
   */
  narrower: string[];
  /** Contrast members against each other, message side first. */
  contradictions: { word: string; faqWord: string }[];
  /** The interrogatives, when they ask for different kinds of thing. */
  asksDiffer?: { query: string[]; faq: string[] };
  modalsDiffer?: { query: string[]; faq: string[] };
}

const DAY_NAMES = new Set(Object.keys(CONTRASTS.day ?? {}));
const shares = (a: Term, b: Term) => a.keys.some((k) => b.keys.includes(k));
/** Whether message term `t` stands for FAQ term `u`, directly or by implication (lexicon IMPLIES). */
const reaches = (t: Term, u: Term) =>
  shares(t, u) || t.keys.some((k) => IMPLIES[k]?.some((i) => u.keys.includes(i)));

/** Topics an interrogative stands for ("כמה" → a price): met by how a question asks, not what about. */
const ASKED_TOPICS = new Set(Object.values(QUESTION_WORDS).flatMap((q) => (q.covers ? [q.covers] : [])));

const framingFits = (question: Analysis) =>
  question.yesNo || question.content.some((u) => u.keys.includes('#price'));

const disjoint = (a: readonly string[], b: readonly string[]) =>
  a.length > 0 && b.length > 0 && !a.some((x) => b.includes(x));

/**
 * A question broader than its FAQ's question ("כמה עולה בדיקה?" of "כמה עולה בדיקה
 * וניקוי אבנית?"): allowed by the caller (match.ts) only when this FAQ is the one question of
 * the business that meets the message's words, so the message cannot mean a sibling variant.
 * The message must meet one of the FAQ's topic words (not a light noun, not the price), and what
 * it leaves out must not be a contrast or closed-class member ("כמה עולה תספורת?" is not
 * "גברים"), nor the FAQ's head when the head is a light noun's only governor.
 */
function onlyMatchCovers(query: Analysis, faq: FaqSide, met: readonly boolean[]): boolean {
  const asksPrice = (a: Analysis) =>
    a.asks.includes('how-much') || a.content.some((t) => t.keys.includes('#price'));
  // Or: asked how long or when of an FAQ that says yes to a narrower thing ("כמה זמן האחריות?"
  // of "יש אחריות על התיקון?"); the answer must give that kind (asksDiffer). Not a price: the
  // sum of a narrower thing is not the price asked ("כמה עולה הסעה?" of "יש הסעה מהתחנה?").
  const asksOfYes =
    query.asks.length > 0 && !query.asks.includes('how-much') && faq.question.yesNo && faq.affirmative;
  if (!((asksPrice(query) && asksPrice(faq.question)) || asksOfYes) || query.modals.includes('must'))
    return false;
  const f = faq.question.content;
  const topic = (u: Term) => !u.light && !u.keys.some((k) => ASKED_TOPICS.has(k) || FRAMING.has(k));
  if (!f.some((u, i) => met[i] && topic(u))) return false;
  const left = f.filter((u, i) => !met[i] && !u.light);
  return left.length <= MAX_PRICE_OMISSIONS && left.every((u) => mayLeaveOut(u, faq));
}
/**
 * "Do you do X?" (or "how much is X?") of the one FAQ whose affirmative answer names X, an FAQ asking whether the
 * business does something ("אתם עושים הסכמי ממון?" of "אתם מטפלים בגירושין?" → "כן: גירושין,
 * הסכמי ממון, משמורת ומזונות"). A yes-or-no question asking for nothing but whether; the FAQ
 * asks the same with a verb of doing a service, and its answer has no negation in it.
 */
function answerNamesCovers(query: Analysis, faq: FaqSide, met: readonly boolean[]): boolean {
  const f = faq.question;
  // Or its price, when the answer's sum names it ("כמה עולה תיקון פנצ'ר?" → "…ותיקון פנצ'ר ב-50
  // ש"ח"; sumIsAsked() holds that).
  const onlyPrice = query.asks.length > 0 && query.asks.every((a) => a === 'how-much');
  if (!(query.yesNo || onlyPrice) || query.modals.includes('must')) return false;
  if (query.asks.some((a) => a !== 'how-much')) return false;
  if (!f.yesNo || !faq.affirmative || !f.content.some((u) => u.keys.some((k) => FRAMING.has(k))))
    return false;
  const left = f.content.filter((u, i) => !met[i] && !u.light);
  return left.length <= MAX_PRICE_OMISSIONS && left.every((u) => mayLeaveOut(u, faq));
}

/** More left out than this and the FAQ is about something else that shares a word. */
const MAX_PRICE_OMISSIONS = 2;

export interface JudgeOptions {
  /** This FAQ is the only one whose question meets the message (onlyMatchCovers()). */
  onlyMatch?: boolean;
}

export function judge(query: Analysis, faq: FaqSide, opts: JudgeOptions = {}): Verdict {
  const q = query.content;
  const f = faq.question.content;
  const matched: Verdict['matched'] = [];
  const inAnswer: string[] = [];
  const missing: Term[] = [];
  for (const t of q) {
    // A contrast member ("אישה") is met by a member, never by a look-alike ("אישי").
    const by = f.find((u) => shares(t, u) && (t.contrast.length === 0 || u.contrast.length > 0));
    if (by) matched.push({ word: t.text, by: by.text });
    // A contrast member is met in the answer by itself, not by a look-alike ("אישה" by
    // "אישי"); a weekday's name is also an ordinal ("ייעוץ ראשון"), met by its forms.
    else if (
      t.contrast.every((m) => DAY_NAMES.has(m))
        ? t.keys.some((k) => faq.answerKeys.has(k))
        : t.contrast.some((m) => faq.answerKeys.has(m))
    )
      inAnswer.push(t.text);
    // A framing word ("אתם מטפלים ב…") needs no counterpart in a yes-or-no FAQ ("יש רופא ילדים?")
    // or a price one ("כמה עולה צוואה?"), whose answer says whether it is done; asked of "מה
    // שעות הפעילות?" it is a topic of its own.
    else if (!(framingFits(faq.question) && t.keys.some((k) => FRAMING.has(k)))) missing.push(t);
  }
  // "בשרי או חלבי?" asks which: one of its alternatives covered is enough.
  const covered = (t: Term) => !missing.includes(t);
  const missingFromFaq = missing
    .filter((t) => t.group === undefined || !q.some((o) => o !== t && o.group === t.group && covered(o)))
    .map((t) => t.text);
  const met = f.map((u) => q.some((t) => reaches(t, u)) || u.keys.some((k) => query.implied.includes(k)));
  // An FAQ's light noun ("פגישת ייעוץ") is met by the word it governs ("ייעוץ"): some other
  // word of the FAQ that names its topic must be met.
  const topicMet = f.some((u, i) => met[i] && !u.light && !u.keys.some((k) => ASKED_TOPICS.has(k)));
  const unmet = f
    .filter(
      (u, i) =>
        !met[i] &&
        !((u.light || u.listed) && topicMet) &&
        !(u.group !== undefined && f.some((v, j) => v.group === u.group && met[j])),
    )
    .map((u) => u.text);
  const framing = (t: Term) => t.keys.some((k) => FRAMING.has(k));
  // What the answer names must be a word of the message's own, not its framing verb.
  const byAnswer =
    opts.onlyMatch === true &&
    inAnswer.length > 0 &&
    q.some((t) => !framing(t)) &&
    answerNamesCovers(query, faq, met);
  const narrower =
    unmet.length > 0 &&
    (existenceCovers(query, faq, met) ||
      (opts.onlyMatch === true && onlyMatchCovers(query, faq, met)) ||
      byAnswer)
      ? unmet
      : [];
  const missingFromQuestion = narrower.length ? [] : unmet;
  const contradictions = [...contrasting(q, f), ...excludedByAnswer(query.words.join(' '), q, f, faq.scope)];
  // A message asking for another kind of thing than the FAQ's question, which its answer does not give.
  // The message asks for a kind of thing (where, how much) its FAQ neither asks nor answers.
  const asksDiffer =
    query.asks.some((a) => !faq.question.asks.includes(a) && !faq.answerGives.has(a)) ||
    !sumIsAsked(query, faq)
      ? { query: query.asks, faq: faq.question.asks }
      : undefined;
  const modalsDiffer = disjoint(query.modals, faq.question.modals)
    ? { query: query.modals, faq: faq.question.modals }
    : undefined;
  const pass =
    q.length > 0 &&
    f.length > 0 &&
    (matched.length > 0 || byAnswer) &&
    missingFromFaq.length === 0 &&
    missingFromQuestion.length === 0 &&
    contradictions.length === 0 &&
    !asksDiffer &&
    !modalsDiffer;
  return {
    pass,
    matched,
    inAnswer,
    missingFromFaq,
    missingFromQuestion,
    narrower,
    contradictions,
    asksDiffer,
    modalsDiffer,
  };
}

/** Pairs of contrast members where the message names one the FAQ's question lacks. */
function contrasting(q: readonly Term[], f: readonly Term[]): Verdict['contradictions'] {
  const out: Verdict['contradictions'] = [];
  const faqMembers = f.flatMap((u) => u.contrast.map((m) => ({ m, text: u.text })));
  for (const t of q) {
    for (const m of t.contrast) {
      if (faqMembers.some((x) => x.m === m)) continue;
      const other = faqMembers.find((x) => sameClass(x.m, m));
      if (other) out.push({ word: t.text, faqWord: other.text });
    }
  }
  return out;
}

const sameClass = (a: string, b: string) =>
  [...(CONTRAST_OF.get(a) ?? [])].some((c) => CONTRAST_OF.get(b)?.has(c));
