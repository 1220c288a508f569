/**
 * What an FAQ's answer says about what it leaves out. An answer that opens with "כן" says yes
 * to what it names: asked "אפשר לשלם בפייבוקס?", "כן, אשראי, ביט ומזומן" reads as a yes to
 * PayBox; asked "הרופאת ילדים מקבלת בחמישי?", "כן, … בימי שני ורביעי" as a yes to Thursday.
 * A plain list ("אשראי, ביט ומזומן") still answers by leaving a member out. And a limit the
 * answer sets ("עד 40 איש") is not met by a message asking past it ("ל-80 איש").
 */
import type { Term } from './analyze';
import { CONTRASTS } from './lexicon';
import { CONTRAST_OF, ENUMERATION_OF } from './lexicon-index';
import { normalizeHebrew } from './normalize';

export interface AnswerScope {
  /** The answer opens with "כן". */
  saysYes: boolean;
  /** The contrast and closed-class members the answer names, weekday ranges spread out. */
  members: ReadonlySet<string>;
  /** Each "עד N <word>" the answer sets, by the word after it. */
  limits: ReadonlyMap<string, number>;
}

const WEEK = ['@sun', '@mon', '@tue', '@wed', '@thu', '@fri', '@sat'] as const;
const DAY_WORDS = ['ראשונ', 'שני', 'שלישי', 'רביעי', 'חמישי', 'שישי', 'שבת'];
const DAY = `(?:יום |ימי )?(${DAY_WORDS.join('|')})`;
// After normalisation the dash of "ראשון–חמישי" is a space: "ראשונ חמישי".
const DAY_RANGE = new RegExp(`${DAY}(?: עד | )${DAY}(?= |$)`, 'gu');
const LIMIT = /(?:^| )עד (\d+) (\p{L}+)/gu;
const NUMBER_WORD = /(?:^| )[בלמו]?(\d+) (\p{L}+)/gu;

/** The class (contrast or closed) of each member key. */
function classesOf(key: string): string[] {
  const out = [...(CONTRAST_OF.get(key) ?? [])];
  const enumeration = ENUMERATION_OF.get(key)?.cls;
  if (enumeration) out.push(enumeration);
  return out;
}

/** The number's words (without a prefix letter): "איש", "אנשים", "אורחים" are alike. */
const PEOPLE = new Set(['איש', 'אנשימ', 'אורחימ', 'משתתפימ', 'סועדימ', 'מוזמנימ']);
const unit = (word: string) => (PEOPLE.has(word) ? 'people' : word);

export function answerScope(answer: string, answerWordKeys: ReadonlySet<string>): AnswerScope {
  const text = normalizeHebrew(answer);
  const members = new Set([...answerWordKeys].filter((k) => classesOf(k).length > 0));
  for (const m of text.matchAll(DAY_RANGE)) {
    const from = DAY_WORDS.indexOf(m[1] as string);
    const to = DAY_WORDS.indexOf(m[2] as string);
    if (from >= 0 && to > from) for (let d = from; d <= to; d++) members.add(WEEK[d] as string);
  }
  const limits = new Map<string, number>();
  for (const m of text.matchAll(LIMIT)) {
    const u = unit(m[2] as string);
    limits.set(u, Math.max(limits.get(u) ?? 0, Number(m[1])));
  }
  return { saysYes: /^כנ( |$)/u.test(text), members, limits };
}

const DAYS = new Set(Object.keys(CONTRASTS.day ?? {}));

/**
 * The message's words the answer excludes: a member of a class whose other members a "כן"
 * answer names (and the FAQ's question does not name it), or a number past the answer's
 * "עד N" of the same thing. Each as { word, faqWord } for the try box.
 */
export function excludedByAnswer(
  message: string,
  q: readonly Term[],
  question: readonly Term[],
  scope: AnswerScope,
): { word: string; faqWord: string }[] {
  const out: { word: string; faqWord: string }[] = [];
  if (scope.saysYes) {
    const named = new Set(question.flatMap((u) => u.keys));
    for (const t of q) {
      const member = t.keys.find((k) => classesOf(k).length > 0 && !named.has(k));
      if (!member || scope.members.has(member)) continue;
      // "בביט או פייבוקס?" asks either: one alternative named is a yes.
      const alternatives = q.filter((o) => o !== t && t.group !== undefined && o.group === t.group);
      if (alternatives.some((o) => o.keys.some((k) => scope.members.has(k)))) continue;
      // "ביום ה" of an answer naming "שני ורביעי": the same class, another member.
      const cls = classesOf(member);
      const others = [...scope.members].filter((m) => classesOf(m).some((c) => cls.includes(c)));
      // A day the answer's days leave out; members of other classes only when two are named.
      if (others.length > 0 && (DAYS.has(member) || others.length >= 2))
        out.push({ word: t.text, faqWord: 'כן' });
    }
  }
  if (scope.limits.size > 0) {
    for (const m of normalizeHebrew(message).matchAll(NUMBER_WORD)) {
      const limit = scope.limits.get(unit(m[2] as string));
      if (limit !== undefined && Number(m[1]) > limit)
        out.push({ word: m[1] as string, faqWord: `עד ${limit}` });
    }
  }
  return out;
}
