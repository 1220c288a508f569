/**
 * FAQ matching: which of a business's FAQs a customer's message is about, and whether one of
 * them may answer it without a model. No model, no network; an inverted index over the forms
 * and concepts of every FAQ question and answer finds the candidates, and the precision rule
 * (rule.ts) and the message's intent (intent.ts) decide. A wrong answer sent is worse than a
 * model round trip, so anything short of the rule goes to the model with the candidates.
 */
import { type Analysis, analyzeText, type Term, wordsOf } from './analyze';
import { type Intent, intentOf } from './intent';
import { CONTRASTS, FRAMING, IMPLIES } from './lexicon';
import { ENUMERATION_OF, lexiconWords } from './lexicon-index';
import { bases } from './morphology';
import { normalizeHebrew } from './normalize';
import { type AnswerScope, answerScope } from './omission';
import { answerGives, headOf, isAffirmative, judge, type Verdict } from './rule';
import { buildVocabulary, type Vocabulary } from './vocabulary';

export type FaqChannel = 'voice' | 'whatsapp';

export interface FaqEntry {
  id: string;
  question: string;
  answer: string;
  channels: readonly FaqChannel[];
}

interface IndexedFaq {
  entry: FaqEntry;
  question: Analysis;
  answerKeys: Set<string>;
  /** The keys of the answer's own words (answerKeys adds what a sum or a schedule implies). */
  answerWordKeys: Set<string>;
  answerGives: Set<string>;
  scope: AnswerScope;
  affirmative: boolean;
  schedule: boolean;
  /** Read on first use: only a "how much" asked of an FAQ that asks no price needs them. */
  sumClauses(): Set<string>[];
  /** Bit of the question's head term (rule.ts headOf()), 0 when it has none. */
  head: number;
  /** Bits of the question terms the message must meet, and of each "X או Y" group. */
  required: number;
  groups: number[];
}

export interface FaqIndex {
  readonly entries: readonly FaqEntry[];
  readonly faqs: readonly IndexedFaq[];
  /** Key → entries whose question has it, and the bit of the question term carrying it. */
  readonly questionPostings: ReadonlyMap<string, { docs: Int32Array; bits: Uint32Array }>;
  readonly answerPostings: ReadonlyMap<string, Int32Array>;
  readonly context: ReadonlySet<string>;
  readonly vocabulary: Vocabulary;
  /** Per-question scratch, reused: matching is synchronous, so one query uses it at a time. */
  readonly scratch: { inQuestion: Uint32Array; inAnswer: Uint32Array; faqCovered: Uint32Array };
}

export interface FaqCandidate {
  entry: FaqEntry;
  /** 0..1, for ranking only: how much of the message and of the FAQ's question meet. */
  score: number;
  verdict: Verdict;
}

export type FaqOutcome =
  | 'answered'
  | 'request' // asks for an action (book, cancel, move)
  | 'own-data' // about the customer's own records
  | 'not-covered' // no FAQ passes the rule
  | 'ambiguous'; // more than one FAQ passes equally

export interface FaqDecision {
  /** The FAQ that answers the message, or null: the model decides, with `candidates`. */
  answer: FaqCandidate | null;
  outcome: FaqOutcome;
  /** The closest FAQs on the channel, best first (the answer among them). */
  candidates: FaqCandidate[];
  intent: Intent;
}

/** Currency in an answer means it names a price, whatever words the question used. */
const CURRENCY = /(₪|ש"ח|ש״ח|שח\b|שקל|nis\b)/iu;
/** Bitmasks track which terms met: messages or questions with more terms never pass. */
const MAX_TERMS = 31;
const bit = (i: number) => (1 << Math.min(i, MAX_TERMS)) >>> 0;

/**
 * Builds the index once per FAQ change; entries are kept by reference. `context` is text
 * naming the business (its name): those words are dropped like fillers on both sides.
 */
export function buildFaqIndex(entries: readonly FaqEntry[], opts: { context?: string } = {}): FaqIndex {
  const context = new Set(wordsOf(opts.context ?? '').flatMap(bases));
  const vocabulary = buildVocabulary([
    ...entries.flatMap((e) => [...wordsOf(e.question), ...wordsOf(e.answer)]),
    ...lexiconWords(),
  ]);
  const faqs = entries.map((entry): IndexedFaq => {
    const answer = analyzeText(entry.answer, { context });
    const answerWordKeys = new Set(answer.content.flatMap((t) => t.keys));
    const answerKeys = new Set(answerWordKeys);
    if (CURRENCY.test(entry.answer)) answerKeys.add('#price').add('#free');
    const gives = answerGives(entry.answer);
    // A schedule answers for any day, time of day, today or now ("פתוחים בערב?", "ביום ה?"), by
    // naming it or by leaving it out.
    if (isSchedule(entry.answer)) for (const k of SCHEDULE_KEYS) answerKeys.add(k);
    // A sum in shekels answers whether it is free (above); an answer's numbers cover a number asked about.
    if (/\d/.test(entry.answer)) answerKeys.add('#number');
    const listed = enumeratedClasses(answerKeys);
    for (const k of [...answerKeys]) if (k.startsWith('%') && !listed.has(k)) answerKeys.delete(k);
    const question = withoutAnswerOnlyKeys(analyzeText(entry.question, { context }), listed);
    let required = 0;
    const groups = new Map<number, number>();
    question.content.forEach((t, i) => {
      // Light nouns and listed members are checked by the rule (a topic word met stands for them).
      if (t.light || t.listed) return;
      if (t.group === undefined) required |= bit(i);
      else groups.set(t.group, ((groups.get(t.group) ?? 0) | bit(i)) >>> 0);
    });
    return {
      entry,
      question,
      answerKeys,
      answerWordKeys,
      scope: answerScope(entry.answer, answerWordKeys),
      answerGives: gives,
      affirmative: isAffirmative(normalizeHebrew(entry.answer)),
      schedule: isSchedule(entry.answer),
      sumClauses: lazy(() => sumClausesOf(entry.answer, context)),
      head: headOf(question) < 0 ? 0 : bit(headOf(question)),
      required: required >>> 0,
      groups: [...groups.values()],
    };
  });
  const questionLists = new Map<string, number[]>();
  const answerLists = new Map<string, number[]>();
  faqs.forEach((faq, doc) => {
    faq.question.content.forEach((t, term) => {
      for (const k of t.keys) push(questionLists, k, doc, bit(term));
    });
    for (const k of faq.answerKeys) push(answerLists, k, doc);
  });
  const questionPostings = new Map<string, { docs: Int32Array; bits: Uint32Array }>();
  for (const [k, flat] of questionLists) {
    const docs = new Int32Array(flat.length / 2);
    const bits = new Uint32Array(flat.length / 2);
    for (let i = 0; i < docs.length; i++) {
      docs[i] = flat[2 * i] as number;
      bits[i] = flat[2 * i + 1] as number;
    }
    questionPostings.set(k, { docs, bits });
  }
  const answerPostings = new Map([...answerLists].map(([k, docs]) => [k, Int32Array.from(docs)]));
  const n = faqs.length;
  const scratch = {
    inQuestion: new Uint32Array(n),
    inAnswer: new Uint32Array(n),
    faqCovered: new Uint32Array(n),
  };
  return { entries, faqs, questionPostings, answerPostings, context, vocabulary, scratch };
}

/** The closed classes (lexicon ENUMERATIONS) an answer lists two members of or more. */
function enumeratedClasses(answerKeys: ReadonlySet<string>): Set<string> {
  const members = new Map<string, number>();
  for (const k of answerKeys) {
    const cls = ENUMERATION_OF.get(k)?.cls;
    if (cls) members.set(cls, (members.get(cls) ?? 0) + 1);
  }
  return new Set([...members].filter(([, n]) => n >= 2).map(([cls]) => cls));
}

/** A sum or a count in a clause ("ב-50 ש"ח", "עד 12 תשלומים", "חינם"). */
const AMOUNT = /\d|₪|ש"ח|ש״ח|שקל|חינם|בלי עלות|ללא עלות/u;
/** The words of a sum itself: digits and the currency. */
const SUM_WORD = /^(\d.*|שח|שקל|שקלים|nis|מעמ)$/u;

/** rule.ts FaqSide.sumClauses: the clauses (between , ; . but not :, "X: 200 ש\"ח" is one) that name an amount, by their keys. */
function lazy<T>(compute: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= compute();
    return value;
  };
}

function sumClausesOf(answer: string, context: ReadonlySet<string>): Set<string>[] {
  return answer
    .split(/[,;.](?=\s|$)|;/u)
    .filter((clause) => AMOUNT.test(clause))
    .map((clause) => {
      const words = analyzeText(clause, { context }).content.filter((t) => !SUM_WORD.test(t.text));
      const keys = words.flatMap((t) => t.keys);
      return new Set(keys.filter((k) => k !== '#price' && k !== '#number' && k !== '#free'));
    });
}

const CLOCK_OR_DAY = /\d{1,2}:\d{2}|ראשון|שני|שלישי|רביעי|חמישי|שישי|שבת|סופי? (ה)?שבוע|סופש|אמצע השבוע/u;
const isSchedule = (answer: string) => CLOCK_OR_DAY.test(answer);
const SCHEDULE_KEYS = ['#now', ...Object.keys(CONTRASTS.day ?? {}), ...Object.keys(CONTRASTS.daytime ?? {})];

/**
 * Keys an FAQ question's word is not matched on: a number ("6" is not "12"; only an answer's
 * numbers cover one); a closed class ("באשראי או בביט") unless the answer lists it, for
 * otherwise "מזומן?" would meet "אשראי?"; and a member's class concept ("אשראי" is a way to
 * pay, but "לשלם?" does not ask about credit cards).
 */
function withoutAnswerOnlyKeys(question: Analysis, listed: ReadonlySet<string>): Analysis {
  const dropped = (t: Term) => {
    const umbrellas = new Set(t.keys.flatMap((k) => ENUMERATION_OF.get(k)?.umbrella ?? []));
    return (k: string) =>
      k === '#number' ||
      (k.startsWith('%') && !listed.has(k)) ||
      (umbrellas.has(k) && !ENUMERATION_OF.has(k));
  };
  const isListed = (t: Term) => t.keys.some((k) => listed.has(k));
  // Members are optional only beside another word that names the topic ("לשלם").
  const topic = question.content.some((t) => !t.light && !isListed(t));
  return {
    ...question,
    content: question.content.map((t) => {
      const drop = dropped(t);
      const out = t.keys.some(drop) ? { ...t, keys: t.keys.filter((k) => !drop(k)) } : t;
      return topic && isListed(t) ? { ...out, listed: true } : out;
    }),
  };
}

function push(map: Map<string, number[]>, key: string, ...values: number[]) {
  const list = map.get(key);
  if (list) list.push(...values);
  else map.set(key, values);
}

/** Reads a customer's message the way the index reads its FAQs (typos repaired). */
export function analyzeMessage(index: FaqIndex, text: string): Analysis {
  return analyzeText(text, { context: index.context, repair: (w) => index.vocabulary.repair(w) });
}

/**
 * What the fast path may do with `text` on `channel`. At most `limit` candidates (default 3).
 * Invariant: `answer` is set only when its FAQ passes the rule, no other FAQ passes as well,
 * and the message asks a question rather than for an action or about the customer's data.
 */
export function decideFaq(
  index: FaqIndex,
  text: string,
  opts: { channel: FaqChannel; limit?: number },
): FaqDecision {
  const limit = opts.limit ?? 3;
  const query = analyzeMessage(index, text);
  const intent = intentOf(text);
  const q = query.content.slice(0, MAX_TERMS + 1);
  const { inQuestion, inAnswer, faqCovered } = index.scratch;
  const touched: number[] = [];
  // Entries are reached through their question only: an answer alone never makes an FAQ a
  // candidate (the rule needs the question), it only covers details once the question has.
  q.forEach((t, i) => {
    if (i >= MAX_TERMS) return;
    const b = bit(i);
    for (const k of t.keys) {
      const list = index.questionPostings.get(k);
      if (!list) continue;
      for (let j = 0; j < list.docs.length; j++) {
        const doc = list.docs[j] as number;
        if (inQuestion[doc] === 0) touched.push(doc);
        inQuestion[doc] = ((inQuestion[doc] as number) | b) >>> 0;
        faqCovered[doc] = ((faqCovered[doc] as number) | (list.bits[j] as number)) >>> 0;
      }
    }
  });
  q.forEach((t, i) => {
    if (i >= MAX_TERMS) return;
    const b = bit(i);
    for (const k of t.keys) {
      for (const doc of index.answerPostings.get(k) ?? []) {
        if (inQuestion[doc] !== 0) inAnswer[doc] = ((inAnswer[doc] as number) | b) >>> 0;
      }
    }
  });
  // What the message implies ("כמה" → a price) and its one-way implications meet FAQ terms
  // only in entries its own words already reached.
  const faqSide = (k: string) => {
    const list = index.questionPostings.get(k);
    if (!list) return;
    for (let j = 0; j < list.docs.length; j++) {
      const doc = list.docs[j] as number;
      if (inQuestion[doc] !== 0)
        faqCovered[doc] = ((faqCovered[doc] as number) | (list.bits[j] as number)) >>> 0;
    }
  };
  for (const k of query.implied) faqSide(k);
  for (const t of q) for (const k of t.keys) for (const i of IMPLIES[k] ?? []) faqSide(i);

  // The message terms that must be met: all but the framing ones ("אתם מטפלים ב…").
  let needed = q.length > MAX_TERMS ? 0xffffffff : 0;
  q.forEach((t, i) => {
    // Framing words and "X או Y" alternatives are left to the rule.
    if (t.group === undefined && !t.keys.some((k) => FRAMING.has(k))) needed = (needed | bit(i)) >>> 0;
  });
  const top: { doc: number; score: number }[] = [];
  const maybe: { doc: number; score: number }[] = [];
  // FAQs whose question meets the message and that cover every word of it: when there is one
  // only, a price question may leave some of its question's words out (rule.ts JudgeOptions).
  let covering = 0;
  let broader: { doc: number; score: number } | null = null;
  for (const doc of touched) {
    const faq = index.faqs[doc] as IndexedFaq;
    const hitQ = inQuestion[doc] as number;
    const hitA = inAnswer[doc] as number;
    const covered = faqCovered[doc] as number;
    inQuestion[doc] = 0;
    inAnswer[doc] = 0;
    faqCovered[doc] = 0;
    if (!faq.entry.channels.includes(opts.channel)) continue;
    const fTerms = faq.question.content.length;
    const qq = bits(hitQ);
    const qa = bits((hitA & ~hitQ) >>> 0);
    const score =
      0.6 * (q.length ? (qq + 0.5 * qa) / q.length : 0) +
      0.4 * (fTerms ? Math.min(1, bits(covered) / fTerms) : 0);
    const candidate = { doc, score };
    insertTop(top, candidate, limit);
    const allMet = ((hitQ | hitA) & needed) >>> 0 === needed;
    const faqMet =
      ((covered & faq.required) >>> 0 === faq.required && faq.groups.every((g) => (covered & g) !== 0)) ||
      // A yes-or-no question meeting the head of an FAQ that affirms (rule.ts existenceCovers()).
      (query.yesNo && faq.question.yesNo && faq.affirmative && (covered & faq.head) !== 0);
    if (qq > 0 && allMet) {
      covering++;
      if (fTerms <= MAX_TERMS && faqMet) maybe.push(candidate);
      else if (fTerms <= MAX_TERMS) broader = candidate;
    }
  }
  // A yes-or-no question may name what only an FAQ's answer names ("אתם עושים הסכמי ממון?").
  const byAnswer =
    query.asks.every((a) => a === 'how-much') && covering <= 1 && needed !== 0
      ? answerOnlyCovering(index, q, needed, touched, opts.channel)
      : { count: 0, doc: -1 };
  let only = -1;
  if (covering + byAnswer.count === 1) {
    if (broader) {
      only = broader.doc;
      maybe.push(broader);
    } else if (byAnswer.doc >= 0) {
      only = byAnswer.doc;
      maybe.push({ doc: only, score: 0 });
    }
  }
  const judged = new Map<number, FaqCandidate>();
  const candidate = ({ doc, score }: { doc: number; score: number }) => {
    let c = judged.get(doc);
    if (!c) {
      const faq = index.faqs[doc] as IndexedFaq;
      c = { entry: faq.entry, score, verdict: judge(query, faq, { onlyMatch: doc === only }) };
      judged.set(doc, c);
    }
    return c;
  };
  // A request or a question about the customer's own data is the model's whatever passes, so
  // only the closest candidates are judged (to explain them).
  const settled = intent.act.length > 0 || intent.own.length > 0;
  const passing = settled ? [] : maybe.map(candidate).filter((c) => c.verdict.pass);
  const candidates = top.map(candidate);
  const chosen = choose(passing, intent);
  if (chosen.answer && askedElsewhere(index, q, chosen.answer, judged))
    return { answer: null, outcome: 'ambiguous', candidates, intent };
  return { ...chosen, candidates, intent };
}

/**
 * Whether "free", which the chosen FAQ's answer meets only by naming a sum (it says whether
 * it is free), is what another FAQ's question is about: "יש ייעוץ ראשוני חינם?" is met by the
 * consultation's price ("500 ש"ח": not free), but the business also has "יש שיחת היכרות
 * ראשונה בחינם?", which the customer may mean. Which of them is the model's to say.
 */
function askedElsewhere(
  index: FaqIndex,
  q: readonly Term[],
  answer: FaqCandidate,
  judged: ReadonlyMap<number, FaqCandidate>,
): boolean {
  if (answer.verdict.inAnswer.length === 0) return false;
  const doc = [...judged].find(([, c]) => c === answer)?.[0] ?? -1;
  const faq = index.faqs[doc];
  if (!faq || faq.answerWordKeys.has('#free')) return false;
  const free = q.some((t) => answer.verdict.inAnswer.includes(t.text) && t.keys.includes('#free'));
  return (
    free &&
    (index.questionPostings.get('#free')?.docs ?? []).some(
      (other) => other !== doc && (index.faqs[other] as IndexedFaq).entry.answer !== answer.entry.answer,
    )
  );
}

/**
 * The FAQs on the channel that only their answers reach and whose answers cover every needed
 * term of the message: how many, and one of them.
 */
function answerOnlyCovering(
  index: FaqIndex,
  q: readonly Term[],
  needed: number,
  touched: readonly number[],
  channel: FaqChannel,
): { count: number; doc: number } {
  const { inAnswer } = index.scratch;
  const reached: number[] = [];
  q.forEach((t, i) => {
    if (i >= MAX_TERMS) return;
    const b = bit(i);
    for (const k of t.keys) {
      for (const doc of index.answerPostings.get(k) ?? []) {
        if (inAnswer[doc] === 0) reached.push(doc);
        inAnswer[doc] = ((inAnswer[doc] as number) | b) >>> 0;
      }
    }
  });
  const viaQuestion = new Set(touched);
  let count = 0;
  let found = -1;
  for (const doc of reached) {
    const hit = inAnswer[doc] as number;
    inAnswer[doc] = 0;
    if (viaQuestion.has(doc) || !(index.faqs[doc] as IndexedFaq).entry.channels.includes(channel)) continue;
    if ((hit & needed) >>> 0 === needed) {
      count++;
      found = doc;
    }
  }
  return { count, doc: found };
}

/** Keeps `top` the best `limit` by score, best first; earlier entries win ties. */
function insertTop<T extends { score: number }>(top: T[], item: T, limit: number) {
  if (top.length === limit && (top[limit - 1] as T).score >= item.score) return;
  let i = top.length;
  while (i > 0 && (top[i - 1] as T).score < item.score) i--;
  top.splice(i, 0, item);
  if (top.length > limit) top.pop();
}

function choose(passing: FaqCandidate[], intent: Intent): Pick<FaqDecision, 'answer' | 'outcome'> {
  if (intent.own.length) return { answer: null, outcome: 'own-data' };
  if (intent.act.length) return { answer: null, outcome: 'request' };
  if (passing.length === 0) return { answer: null, outcome: 'not-covered' };
  // The FAQ whose question covers more of the message wins; a tie is the model's to settle.
  const strength = (c: FaqCandidate) => c.verdict.matched.length;
  const sorted = [...passing].sort((a, b) => strength(b) - strength(a));
  const [first, second] = sorted as [FaqCandidate, FaqCandidate | undefined];
  if (second && strength(second) === strength(first) && second.entry.answer !== first.entry.answer)
    return { answer: null, outcome: 'ambiguous' };
  return { answer: first, outcome: 'answered' };
}

function bits(x: number): number {
  let c = 0;
  for (let v = x >>> 0; v; v = (v & (v - 1)) >>> 0) c++;
  return c;
}

/** Character trigrams of the normalised text (the stand-in embeddings are built from them). */
export function trigramsOf(text: string): Set<string> {
  const s = ` ${normalizeHebrew(text)} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= s.length; i++) out.add(s.slice(i, i + 3));
  return out;
}
