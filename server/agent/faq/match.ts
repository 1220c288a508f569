import { normalizeHebrew, tokenizeHebrew } from './normalize';

/**
 * Lexical FAQ matching: no model, no network, a few microseconds per question. Good enough to
 * answer "מה שעות הפתיחה?" without a round trip and to pick candidates for the model; callers
 * should hand anything not `confident` to the model rather than read out a weak match.
 */

export type FaqChannel = 'voice' | 'whatsapp';

export interface FaqEntry {
  id: string;
  question: string;
  answer: string;
  channels: readonly FaqChannel[];
}

export interface FaqMatch {
  entry: FaqEntry;
  /** 0..1: 0.75 × how much of the query the entry covers + 0.25 × how much of its question. */
  score: number;
  confident: boolean;
  why: { matchedTokens: string[] };
}

interface Posting {
  doc: number;
  /** Where the term sits in the entry: question word 1, question stem 0.8, answer 0.5/0.4. */
  weight: number;
}

export interface FaqIndex {
  readonly entries: readonly FaqEntry[];
  readonly postings: ReadonlyMap<string, readonly Posting[]>;
  readonly idf: ReadonlyMap<string, number>;
  /** Per entry: the idf mass of its question's words, for the question-coverage part of the score. */
  readonly questionMass: Float64Array;
  readonly trigrams: readonly ReadonlySet<string>[];
  /** idf of a term no entry contains: that of a term found in one entry, the rarest kind. */
  readonly unknownIdf: number;
}

const QUESTION_WORD = 1;
const QUESTION_STEM = 0.8;
const ANSWER_WORD = 0.5;
const ANSWER_STEM = 0.4;
const QUERY_STEM = 0.8;

/**
 * A match is confident when its score is at least CONFIDENT_SCORE and it leads the runner-up
 * by CONFIDENT_MARGIN: most of the caller's words are found in one entry and no other entry
 * explains them nearly as well. Tuned on the paraphrases in match.test.ts.
 */
export const CONFIDENT_SCORE = 0.5;
export const CONFIDENT_MARGIN = 0.12;

// Interrogatives say what kind of answer is wanted, not what about: they count when an entry
// shares them but never count against an entry that lacks them.
const QUESTION_WORDS = new Set(
  ['איפה', 'מתי', 'כמה', 'איך', 'למה', 'מדוע', 'מי', 'האם', 'אפשר', 'ניתן'].map(normalizeHebrew),
);

export function trigramsOf(text: string): Set<string> {
  const s = ` ${normalizeHebrew(text)} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= s.length; i++) out.add(s.slice(i, i + 3));
  return out;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** Builds the inverted index once per FAQ change; the entries are kept by reference. */
export function buildFaqIndex(entries: readonly FaqEntry[]): FaqIndex {
  const docTerms: Map<string, number>[] = entries.map((e) => {
    const terms = new Map<string, number>();
    const put = (t: string, w: number) => terms.set(t, Math.max(terms.get(t) ?? 0, w));
    for (const [text, word, stem] of [
      [e.answer, ANSWER_WORD, ANSWER_STEM],
      [e.question, QUESTION_WORD, QUESTION_STEM],
    ] as const) {
      for (const tok of tokenizeHebrew(text)) {
        put(tok.word, word);
        for (const s of tok.stems) put(s, stem);
      }
    }
    return terms;
  });
  const postings = new Map<string, Posting[]>();
  docTerms.forEach((terms, doc) => {
    for (const [term, weight] of terms) {
      const list = postings.get(term);
      if (list) list.push({ doc, weight });
      else postings.set(term, [{ doc, weight }]);
    }
  });
  const n = entries.length;
  const idf = new Map<string, number>();
  for (const [term, list] of postings) idf.set(term, Math.log(1 + n / list.length));
  const questionMass = new Float64Array(n);
  entries.forEach((e, doc) => {
    const words = new Set(tokenizeHebrew(e.question).map((t) => t.word));
    for (const w of words) questionMass[doc] = (questionMass[doc] ?? 0) + (idf.get(w) ?? 0);
  });
  return {
    entries,
    postings,
    idf,
    questionMass,
    trigrams: entries.map((e) => trigramsOf(e.question)),
    unknownIdf: Math.log(1 + Math.max(n, 1)),
  };
}

/**
 * Entries that answer `query` on `channel`, best first, at most `limit` (default 3), only
 * those sharing at least one word or stem with it. Each query word counts once, through its
 * best-matching form. Only the first result can be `confident`. Ties on score go to the
 * entry whose question is closer in character trigrams.
 */
export function matchFaq(
  index: FaqIndex,
  query: string,
  opts: { channel: FaqChannel; limit?: number },
): FaqMatch[] {
  const limit = opts.limit ?? 3;
  const tokens = tokenizeHebrew(query);
  const n = index.entries.length;
  // Per-query scratch, indexed by entry: the running sum, and this token's best contribution.
  const sum = new Float64Array(n);
  const best = new Float64Array(n);
  const matched: (string[] | undefined)[] = new Array(n);
  const touched: number[] = [];
  let queryMass = 0;
  for (const tok of tokens) {
    const hit: number[] = [];
    let possible = 0;
    for (let f = 0; f <= tok.stems.length; f++) {
      const form = f === 0 ? tok.word : (tok.stems[f - 1] as string);
      const idf = index.idf.get(form);
      if (idf === undefined) continue;
      const qWeight = f === 0 ? 1 : QUERY_STEM;
      possible = Math.max(possible, idf * qWeight);
      for (const p of index.postings.get(form) ?? []) {
        const v = idf * qWeight * p.weight;
        if (best[p.doc] === 0) hit.push(p.doc);
        if (v > (best[p.doc] as number)) best[p.doc] = v;
      }
    }
    queryMass += possible > 0 ? possible : QUESTION_WORDS.has(tok.word) ? 0 : index.unknownIdf;
    for (const doc of hit) {
      if (matched[doc] === undefined) {
        matched[doc] = [];
        touched.push(doc);
      }
      (matched[doc] as string[]).push(tok.word);
      sum[doc] = (sum[doc] as number) + (best[doc] as number);
      best[doc] = 0;
    }
  }
  if (queryMass === 0) return [];
  const ranked: Ranked[] = [];
  for (const doc of touched) {
    const entry = index.entries[doc] as FaqEntry;
    if (!entry.channels.includes(opts.channel)) continue;
    const got = sum[doc] as number;
    const qm = index.questionMass[doc] ?? 0;
    const questionCover = qm > 0 ? Math.min(1, got / qm) : 0;
    const score = 0.75 * Math.min(1, got / queryMass) + 0.25 * questionCover;
    ranked.push({
      doc,
      tie: 0,
      m: { entry, score, confident: false, why: { matchedTokens: matched[doc] ?? [] } },
    });
  }
  ranked.sort((a, b) => b.m.score - a.m.score);
  const top = breakTies(index, query, ranked, limit);
  const [first, second] = top;
  const runnerUp = second ?? ranked[1];
  if (
    first &&
    first.m.score >= CONFIDENT_SCORE &&
    (!runnerUp || first.m.score - runnerUp.m.score >= CONFIDENT_MARGIN)
  ) {
    first.m.confident = true;
  }
  return top.map((r) => r.m);
}

interface Ranked {
  doc: number;
  /** Trigram similarity to the query; computed only for entries tied at the top. */
  tie: number;
  m: FaqMatch;
}

const EPSILON = 1e-9;

/**
 * The first `limit` of `ranked` (sorted by score), where entries tied on score (the tied
 * run at the cut included) are ordered by trigram similarity of their question to the query.
 */
function breakTies(index: FaqIndex, query: string, ranked: Ranked[], limit: number): Ranked[] {
  const last = ranked[Math.min(limit, ranked.length) - 1];
  if (!last) return [];
  let end = Math.min(limit, ranked.length);
  while (end < ranked.length && last.m.score - (ranked[end] as Ranked).m.score < EPSILON) end++;
  const head = ranked.slice(0, end);
  const tied = head.some((r, i) => i > 0 && (head[i - 1] as Ranked).m.score - r.m.score < EPSILON);
  if (!tied) return head;
  const grams = trigramsOf(query);
  for (const r of head) r.tie = jaccard(grams, index.trigrams[r.doc] as ReadonlySet<string>);
  head.sort((a, b) => (Math.abs(b.m.score - a.m.score) < EPSILON ? b.tie - a.tie : b.m.score - a.m.score));
  return head.slice(0, limit);
}
