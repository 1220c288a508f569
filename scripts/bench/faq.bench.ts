import { buildFaqIndex, type FaqEntry, matchFaq } from '../../server/agent/faq/match';

/**
 * FAQ matcher cost on a large tenant: index build over 1,000 generated Hebrew FAQs, and the
 * per-question match time a caller's turn would pay. Deterministic (seeded) so runs compare.
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

function generateFaqs(n: number, r: () => number): FaqEntry[] {
  return Array.from({ length: n }, (_, i) => {
    const words = Array.from({ length: 2 + Math.floor(r() * 3) }, () => pick(r, PREFIXES) + pick(r, TOPICS));
    const answer = Array.from({ length: 12 }, () => pick(r, TOPICS)).join(' ');
    return {
      id: `faq-${i}`,
      question: `${pick(r, OPENERS)} ${words.join(' ')}?`,
      answer,
      channels: r() < 0.8 ? ['voice', 'whatsapp'] : ['whatsapp'],
    };
  });
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

export default async function run(): Promise<Record<string, string | number>> {
  const r = rng(42);
  const faqs = generateFaqs(1000, r);

  const builds = 5;
  let index = buildFaqIndex(faqs);
  const buildStart = Bun.nanoseconds();
  for (let i = 0; i < builds; i++) index = buildFaqIndex(faqs);
  const buildMs = (Bun.nanoseconds() - buildStart) / 1e6 / builds;

  const queries = Array.from({ length: 2000 }, () =>
    r() < 0.8
      ? `אני רוצה לדעת ${pick(r, OPENERS)} ${pick(r, PREFIXES)}${pick(r, TOPICS)} ${pick(r, TOPICS)} בבקשה`
      : 'שלום, מה מזג האוויר היום בתל אביב?',
  );
  for (const q of queries.slice(0, 200)) matchFaq(index, q, { channel: 'voice' }); // warm-up
  const times = new Float64Array(queries.length);
  let confident = 0;
  queries.forEach((q, i) => {
    const t0 = Bun.nanoseconds();
    const res = matchFaq(index, q, { channel: 'voice', limit: 3 });
    times[i] = (Bun.nanoseconds() - t0) / 1e3;
    if (res[0]?.confident) confident++;
  });
  times.sort();

  return {
    faqs: faqs.length,
    index_build_ms: Number(buildMs.toFixed(2)),
    match_p50_us: Number(percentile(times, 0.5).toFixed(1)),
    match_p99_us: Number(percentile(times, 0.99).toFixed(1)),
    queries: queries.length,
    confident_share: Number((confident / queries.length).toFixed(3)),
  };
}
