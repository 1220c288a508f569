/**
 * The committed FAQ evaluation set: sixteen businesses with their own FAQ lists, and Hebrew
 * customer questions written the way people type on WhatsApp, each labelled with the FAQ
 * whose answer answers it or `-` for none. Parts: `tuning` (the rules were developed
 * against it), `tuning-2` (the first held-out part, written before `tuning`; folded into
 * tuning on 2026-12-02, its failures having been seen), `held-out-2` (written on
 * 2026-12-02 before any further change to the rule, with two kinds of business no rule was
 * written for: a gym and a vet; measured, then its three wrong answers fixed, so no longer
 * clean), `held-out-3` (written and committed before the next rule change, with three more
 * kinds no rule was written for: a beauty salon, a driving school, a plumber; never tuned on),
 * `held-out-4` (written on 2026-12-03 blind to the rule and to the other parts' questions,
 * before any further rule change, with three new kinds of business: a pharmacy, a photography
 * studio, an electrician; never tuned on) and `held-out-5` (written on 2026-12-03 likewise blind
 * to the rule and to the other parts' questions, with three more new kinds: a kindergarten, a
 * moving company, an accountant; never tuned on).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FaqEntry } from '../../../server/agent/faq/match';

export const EVAL_PARTS = [
  'tuning',
  'tuning-2',
  'held-out-2',
  'held-out-3',
  'held-out-4',
  'held-out-5',
] as const;
export type EvalPart = (typeof EVAL_PARTS)[number];

export interface EvalBusiness {
  id: string;
  kind: string;
  name: string;
  faqs: FaqEntry[];
}

export interface EvalQuestion {
  part: EvalPart;
  business: string;
  /** The FAQ id whose answer answers the question, or null when none does. */
  expect: string | null;
  question: string;
}

const dir = import.meta.dir;

export function loadBusinesses(): EvalBusiness[] {
  const raw = JSON.parse(readFileSync(join(dir, 'businesses.json'), 'utf8')) as Record<
    string,
    { kind: string; name: string; faqs: { id: string; question: string; answer: string }[] }
  >;
  return Object.entries(raw).map(([id, b]) => ({
    id,
    kind: b.kind,
    name: b.name,
    faqs: b.faqs.map((f) => ({ ...f, channels: ['voice', 'whatsapp'] as const })),
  }));
}

/** The businesses some part used for tuning has questions for (the others are held out whole). */
export function tunedBusinessIds(businesses = loadBusinesses()): Set<string> {
  return new Set(TUNING_PARTS.flatMap((part) => loadQuestions(part, businesses).map((q) => q.business)));
}

/** The parts the rules were developed against. */
export const TUNING_PARTS: readonly EvalPart[] = ['tuning', 'tuning-2'];

/** One part's questions, in file order. Throws on a malformed line or an unknown label. */
export function loadQuestions(part: EvalPart, businesses = loadBusinesses()): EvalQuestion[] {
  const known = new Map(businesses.map((b) => [b.id, new Set(b.faqs.map((f) => f.id))]));
  const lines = readFileSync(join(dir, `${part}.tsv`), 'utf8')
    .split('\n')
    .slice(1);
  return lines
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const [business, expect, question] = line.split('\t');
      const ids = business ? known.get(business) : undefined;
      if (!ids || !expect || !question) throw new Error(`${part}.tsv line ${i + 2}: malformed`);
      if (expect !== '-' && !ids.has(expect))
        throw new Error(`${part}.tsv line ${i + 2}: no FAQ ${expect} in ${business}`);
      return { part, business: business as string, expect: expect === '-' ? null : expect, question };
    });
}

/** What a fast path did with one question: answered with an FAQ id, or left it to the model. */
export type Decide = (business: EvalBusiness, question: string) => string | null;

export interface PartScore {
  questions: number;
  /** Questions labelled with an FAQ. */
  answerable: number;
  answered: number;
  correct: number;
  /** Answered with the wrong FAQ, or answered when no FAQ answers it. */
  wrong: { question: EvalQuestion; got: string }[];
  precision: number;
  recall: number;
}

export function score(
  questions: readonly EvalQuestion[],
  businesses: readonly EvalBusiness[],
  decide: Decide,
) {
  const byId = new Map(businesses.map((b) => [b.id, b]));
  let answered = 0;
  let correct = 0;
  const wrong: PartScore['wrong'] = [];
  const missed: EvalQuestion[] = [];
  for (const q of questions) {
    const got = decide(byId.get(q.business) as EvalBusiness, q.question);
    if (got === null) {
      if (q.expect !== null) missed.push(q);
      continue;
    }
    answered++;
    if (got === q.expect) correct++;
    else wrong.push({ question: q, got });
  }
  const answerable = questions.filter((q) => q.expect !== null).length;
  const result: PartScore = {
    questions: questions.length,
    answerable,
    answered,
    correct,
    wrong,
    precision: answered === 0 ? 1 : correct / answered,
    recall: answerable === 0 ? 1 : correct / answerable,
  };
  return { ...result, missed };
}
