/**
 * A text as the FAQ rule sees it: its content terms (each with every form and concept it may
 * be matched on), the interrogatives and modals that say what kind of thing is asked, and the
 * words that were dropped as saying nothing. Used for the customer's message and for each
 * FAQ's question alike, so both sides are read the same way.
 */
import { EXISTENCE_IMPLIES, LIGHT_NOUNS, SELF_WORDS } from './lexicon';
import { CONTRAST_OF, ENUMERATION_OF, lookupPhrase, type Sense } from './lexicon-index';
import { bases, matchForms } from './morphology';
import { displayForm, foldSpelling, HEBREW_PREFIX_LETTERS, normalizeHebrew } from './normalize';

export interface Term {
  /** The words as typed (normalised), for explanations. */
  text: string;
  /** Forms and concepts ("#price", "@women") the term is matched on. */
  keys: string[];
  /** Contrast members among the keys, for "נשים ≠ גברים" explanations. */
  contrast: string[];
  /** Terms joined by "או" share a group: naming one of them is enough ("באשראי או בביט"). */
  group?: number;
  /** A light noun (lexicon LIGHT_NOUNS): on an FAQ's side, the word it governs may stand for it. */
  light?: boolean;
  /**
   * On an FAQ's side, a member of a closed class its answer lists ("באשראי או בביט?" answered
   * "אשראי, ביט ומזומן"): a message asking about the class need not name it ("איך משלמים?").
   */
  listed?: boolean;
}

export interface Analysis {
  /** Normalised words in order, before anything was dropped. */
  words: string[];
  content: Term[];
  /** Interrogative classes asked ("where", "how-much"), generic ones left out. */
  asks: string[];
  /** Topics the interrogatives imply ("כמה" → "#price"), usable to cover an FAQ's term. */
  implied: string[];
  modals: string[];
  /** No interrogative at all, not even "מה": a yes-or-no question ("יש חניה?", "אתם מטפלים בילדים?"). */
  yesNo: boolean;
}

/** A date ("24/12", "1.5"): a number in a message with one is not a detail an answer's numbers cover. */
const DATE = /\d{1,2}\s*[./]\s*\d{1,2}/u;
const LIGHT = new Set(LIGHT_NOUNS.split('|').map((w) => foldSpelling(normalizeHebrew(w.trim()))));

export interface AnalyzeOptions {
  /**
   * Words that stand for the business itself here (its name): dropped like fillers, so
   * "מה הכתובת של מספרת שירן?" asks for the address only.
   */
  context?: ReadonlySet<string>;
  /** The words to read instead of one nothing knows (a typo, two words without a space). */
  repair?: (word: string) => string[] | null;
}

const PREFIXED_NUMBER = new RegExp(`^[${HEBREW_PREFIX_LETTERS}]{1,3}(\\d.*)$`);
/** A weekday written as its letter after "יום" ("ביום ה", "יום ו'"): kept, unlike other lone letters. */
const DAY_LETTER = /^[אבגדהוש]$/;
const isDayWord = (word: string | undefined) => word !== undefined && bases(word).includes('יומ');

/** Normalised words; "ב10" → "10", lone letters (from "ל-6") dropped, digits kept. */
export function wordsOf(text: string): string[] {
  return splitWords(normalizeHebrew(text));
}

/** The same words as wordsOf(), with their final letters, as the person typed them. */
function displayWordsOf(text: string): string[] {
  return splitWords(displayForm(text));
}

function splitWords(normalised: string): string[] {
  const out: string[] = [];
  for (const raw of normalised.split(' ')) {
    const word = raw.replace(PREFIXED_NUMBER, '$1');
    if (word.length >= 2 || /^\d$/.test(word) || (DAY_LETTER.test(word) && isDayWord(out.at(-1))))
      out.push(word);
  }
  return out;
}

const isContext = (word: string, context: ReadonlySet<string> | undefined) =>
  context !== undefined && bases(word).some((b) => context.has(b));

const SELF = new Set(SELF_WORDS.split('|').map((w) => normalizeHebrew(w)));
const isSelf = (word: string, context: ReadonlySet<string> | undefined) =>
  isContext(word, context) || bases(word).some((b) => SELF.has(b));

export function analyzeText(text: string, opts: AnalyzeOptions = {}): Analysis {
  const typedWords = wordsOf(text);
  const { words, typed } = repairWords(typedWords, displayWordsOf(text), opts);
  const content: Term[] = [];
  const asks = new Set<string>();
  const implied = new Set<string>();
  const modals = new Set<string>();
  let self = false;
  let alternative = false;
  let questioned = false;
  const dated = DATE.test(text);
  for (let i = 0; i < words.length; ) {
    const word = words[i] as string;
    const hit = lookupPhrase(words, i);
    const span = hit?.length ?? 1;
    const text = span === 1 ? (typed[i] as string) : typed.slice(i, i + span).join(' ');
    i += span;
    if (span === 1 && isSelf(word, opts.context)) self = true;
    if (span === 1 && isContext(word, opts.context)) continue;
    const senses: Sense[] = hit?.senses ?? [];
    if (senses.some((s) => s.type === 'filler') && !senses.some((s) => s.type === 'concept')) {
      if (word === 'או' && content.length) alternative = true;
      continue;
    }
    const questions = senses.filter((s) => s.type === 'question');
    const modal = senses.find((s) => s.type === 'modal');
    if (questions.length) questioned = true;
    if (questions.length || modal) {
      for (const q of questions) {
        if (q.cls !== 'which') asks.add(q.cls);
        if (q.covers) implied.add(q.covers);
      }
      if (modal) modals.add(modal.cls);
      continue;
    }
    const concepts = senses.flatMap((s) => (s.type === 'concept' ? [s.key] : []));
    for (const c of [...concepts]) {
      const of = ENUMERATION_OF.get(c);
      if (of) for (const k of [of.cls, of.umbrella]) if (!concepts.includes(k)) concepts.push(k);
    }
    const own = span === 1 ? formsOf(word) : [];
    // Concept keys ("#price") never collide with spelling forms, so no de-duplication is needed.
    // A number is a detail (an age, a mileage) that an answer's own numbers cover (match.ts).
    if (!dated && /^\d+$/.test(word)) concepts.push('#number');
    const keys = concepts.length ? [...concepts, ...own] : own;
    const term: Term = { text, keys, contrast: concepts.filter((k) => CONTRAST_OF.has(k)) };
    if (span === 1 && bases(word).some((b) => LIGHT.has(b))) term.light = true;
    const previous = content.at(-1);
    if (alternative && previous) {
      previous.group ??= content.length - 1;
      term.group = previous.group;
    }
    alternative = false;
    content.push(term);
  }
  if (asks.size === 0) for (const k of EXISTENCE_IMPLIES) implied.add(k);
  // "איפה אתם?", "איפה המסעדה?": asking where the business is, with no other topic.
  if (content.length === 0 && self && asks.has('where'))
    content.push({ text: 'איפה', keys: ['#address'], contrast: [] });
  return {
    words: typedWords,
    content,
    asks: [...asks],
    implied: [...implied],
    modals: [...modals],
    yesNo: !questioned,
  };
}

function formsOf(word: string): string[] {
  if (/^\d/.test(word)) return [word];
  if (/^[a-z]+$/.test(word))
    return word.length > 3 && word.endsWith('s') ? [word, word.slice(0, -1)] : [word];
  return matchForms(word);
}

/** The words to read, repaired, beside what was typed for each (shown in explanations). */
function repairWords(
  words: string[],
  display: string[],
  opts: AnalyzeOptions,
): { words: string[]; typed: string[] } {
  const out: string[] = [];
  const typed: string[] = [];
  words.forEach((w, i) => {
    const fixed = opts.repair?.(w) ?? [w];
    for (const f of fixed) {
      out.push(f);
      typed.push(fixed.length > 1 ? f : (display[i] ?? w));
    }
  });
  return { words: out, typed };
}
