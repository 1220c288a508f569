import { buildFaqIndex, decideFaq, type FaqEntry } from '../../server/agent/faq/match';
import { EVAL_PARTS, type EvalBusiness, loadBusinesses, loadQuestions, score } from './faq-eval/eval-set';

/**
 * The FAQ fast path: precision and recall on the committed evaluation set (each part on its
 * own; `held-out` was never tuned on), every wrong answer it would send, and the per-question
 * cost on a tenant with 2,000 FAQs. Deterministic (seeded) so runs compare.
 */

const TOPICS = [
  'תספורת',
  'צבע',
  'החלקה',
  'פן',
  'מניקור',
  'פדיקור',
  'עיסוי',
  'טיפול',
  'פנים',
  'גבות',
  'ריסים',
  'שעווה',
  'חניה',
  'כתובת',
  'שעות',
  'פתיחה',
  'מחיר',
  'מחירון',
  'ביטול',
  'תור',
  'הנחה',
  'מנוי',
  'כרטיס',
  'מתנה',
  'ילדים',
  'גברים',
  'נשים',
  'כלה',
  'אירוע',
  'משלוח',
  'תשלום',
  'אשראי',
  'ביט',
  'קבלה',
  'חשבונית',
  'נגישות',
  'מעלית',
  'שבת',
  'חג',
  'קיץ',
  'חורף',
  'בוקר',
  'ערב',
  'סטודנטים',
  'חיילים',
  'גמלאים',
  'קופון',
  'אחריות',
];
const OPENERS = ['מה', 'כמה עולה', 'האם יש', 'איך אפשר לקבל', 'מתי יש', 'איפה נמצא', 'יש לכם', 'אפשר לבטל'];
const PREFIXES = ['', 'ה', 'ב', 'ל', 'וה', 'וב'];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

/** A large tenant: the evaluation set's real FAQs among generated ones. */
function generateFaqs(n: number, r: () => number, real: readonly FaqEntry[]): FaqEntry[] {
  const generated = Array.from({ length: n - real.length }, (_, i): FaqEntry => {
    const words = Array.from({ length: 2 + Math.floor(r() * 3) }, () => pick(r, PREFIXES) + pick(r, TOPICS));
    const answer = `${Array.from({ length: 12 }, () => pick(r, TOPICS)).join(' ')} ${Math.floor(r() * 500)} ש"ח`;
    return {
      id: `faq-${i}`,
      question: `${pick(r, OPENERS)} ${words.join(' ')}?`,
      answer,
      channels: r() < 0.8 ? ['voice', 'whatsapp'] : ['whatsapp'],
    };
  });
  return [...real, ...generated];
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

/** Held-out parts whose failures nobody has looked at. */
// held-out-3's and held-out-4's wrong answers were read and fixed on 2026-12-03 (docs/faq.md).
const CLEAN_HELD_OUT = new Set<string>(['held-out-5']);

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

export default async function run(): Promise<Record<string, string | number>> {
  const businesses = loadBusinesses();
  const indexes = new Map(businesses.map((b) => [b.id, buildFaqIndex(b.faqs, { context: b.name })]));
  const decide = (b: EvalBusiness, q: string) =>
    decideFaq(indexes.get(b.id) as ReturnType<typeof buildFaqIndex>, q, { channel: 'whatsapp' }).answer?.entry
      .id ?? null;

  const figures: Record<string, string | number> = {
    businesses: businesses.length,
    faqs: businesses.reduce((n, b) => n + b.faqs.length, 0),
  };
  const questions = EVAL_PARTS.flatMap((part) => loadQuestions(part, businesses));
  for (const part of EVAL_PARTS) {
    const s = score(
      questions.filter((q) => q.part === part),
      businesses,
      decide,
    );
    figures[`${part}: questions (with an FAQ answer)`] = `${s.questions} (${s.answerable})`;
    figures[`${part}: answered without the model`] = s.answered;
    figures[`${part}: precision`] = `${pct(s.precision)} (${s.wrong.length} wrong)`;
    figures[`${part}: recall`] = pct(s.recall);
    // A clean held-out part's wrong answers are counted, not printed, so that nobody tunes on
    // them; FAQ_BENCH_SHOW_HELD_OUT=1 prints them for a deliberate look (which ends its use).
    if (CLEAN_HELD_OUT.has(part) && !Bun.env.FAQ_BENCH_SHOW_HELD_OUT) continue;
    s.wrong.forEach((w, i) => {
      figures[`${part}: wrong answer ${i + 1}`] =
        `${w.question.business}: "${w.question.question}" → ${w.got} (expected ${w.question.expect ?? 'none'})`;
    });
  }

  const r = rng(42);
  const faqs = generateFaqs(
    2000,
    r,
    businesses.flatMap((b) => b.faqs.map((f) => ({ ...f, id: `${b.id}/${f.id}` }))),
  );
  const builds = 3;
  let index = buildFaqIndex(faqs);
  const buildStart = Bun.nanoseconds();
  for (let i = 0; i < builds; i++) index = buildFaqIndex(faqs);
  const buildMs = (Bun.nanoseconds() - buildStart) / 1e6 / builds;

  const asked = [
    ...questions.map((q) => q.question),
    ...Array.from(
      { length: 1500 },
      () =>
        `אני רוצה לדעת ${pick(r, OPENERS)} ${pick(r, PREFIXES)}${pick(r, TOPICS)} ${pick(r, TOPICS)} בבקשה`,
    ),
  ];
  for (const q of asked.slice(0, 300)) decideFaq(index, q, { channel: 'voice' }); // warm-up
  // Wall time per question, and the best of five runs of each question: on a shared machine a
  // run preempted by other work measures the machine, the best run measures the code.
  const times = new Float64Array(asked.length);
  const best = new Float64Array(asked.length).fill(Number.POSITIVE_INFINITY);
  for (let run = 0; run < 5; run++) {
    asked.forEach((q, i) => {
      const t0 = Bun.nanoseconds();
      decideFaq(index, q, { channel: 'whatsapp', limit: 3 });
      const us = (Bun.nanoseconds() - t0) / 1e3;
      if (run === 0) times[i] = us;
      best[i] = Math.min(best[i] as number, us);
    });
  }
  times.sort();
  best.sort();
  const stats = (xs: Float64Array) =>
    [0.5, 0.99, 1].map((p) => (p === 1 ? (xs.at(-1) ?? 0) : percentile(xs, p)).toFixed(0)).join(' / ');
  return {
    ...figures,
    'large tenant: FAQs': faqs.length,
    'large tenant: index build ms': Number(buildMs.toFixed(0)),
    'large tenant: questions timed': asked.length,
    'large tenant: µs per question p50 / p99 / max': stats(times),
    'large tenant: µs per question, best of 5 runs, p50 / p99 / max': stats(best),
  };
}
