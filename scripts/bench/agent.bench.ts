import { businesses, faqs } from '../../db/schema';
import { createBrain } from '../../server/agent/brain';
import { createChatModel, createOpenAiClient } from '../../server/agent/text/model';
import { openDatabase } from '../../server/db/database';
import { startOpenAiRestStandin } from '../../server/standins/openai-rest/index';

/**
 * WhatsApp end-to-end reply time through `replyToText` on an in-memory PGlite: a question a
 * confident FAQ answers (no model call; the index comes from the agent cache, the turn is
 * written to the person's memory), and for comparison one that goes to the model (the OpenAI
 * REST stand-in on localhost, so this is our overhead, not OpenAI's latency).
 */

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

async function timeIt(n: number, fn: (i: number) => Promise<unknown>): Promise<Float64Array> {
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = Bun.nanoseconds();
    await fn(i);
    times[i] = (Bun.nanoseconds() - t0) / 1e6;
  }
  return times.sort();
}

export default async function run(): Promise<Record<string, string | number>> {
  const db = await openDatabase({});
  const standin = await startOpenAiRestStandin({
    script: { fallback: { content: 'בשמחה, במה אפשר לעזור?' } },
  });
  try {
    const [biz] = await db.withSystem((tx) =>
      tx.insert(businesses).values({ name: 'מספרת הבנץ׳' }).returning(),
    );
    if (!biz) throw new Error('no business');
    const topics = ['צבע', 'החלקה', 'פן', 'מניקור', 'פדיקור', 'עיסוי', 'גבות', 'ריסים', 'שעווה', 'תספורת'];
    await db.withTenant(biz.id, (tx) =>
      tx.insert(faqs).values([
        {
          businessId: biz.id,
          question: 'מה שעות הפתיחה?',
          answer: 'א׳–ה׳ 9:00–19:00.',
          channels: ['whatsapp', 'voice'],
        },
        ...topics.flatMap((t) => [
          {
            businessId: biz.id,
            question: `כמה עולה ${t}?`,
            answer: `${t}: 120 ש"ח.`,
            channels: ['whatsapp' as const],
          },
          {
            businessId: biz.id,
            question: `כמה זמן לוקח ${t}?`,
            answer: `${t}: כשעה.`,
            channels: ['whatsapp' as const],
          },
        ]),
      ]),
    );
    const model = createChatModel({
      client: createOpenAiClient({ baseUrl: standin.baseUrl, apiKey: 'bench' }),
      timeoutMs: 5000,
    });
    const brain = createBrain({
      db,
      chat: { model, modelName: 'gpt-4o-mini', dateModelName: 'gpt-4o-mini' },
    });
    const from = (i: number) => `9725470${String(10000 + (i % 50)).padStart(5, '0')}`;
    const fast = (i: number) =>
      brain.replyToText({ businessId: biz.id, from: from(i), text: 'מה שעות הפתיחה שלכם?' });
    const viaModel = (i: number) =>
      brain.replyToText({ businessId: biz.id, from: from(i), text: 'שלום, מה נשמע?' });

    const check = await fast(0);
    if (check.via !== 'faq') throw new Error(`expected the FAQ fast path, got ${check.via}`);
    for (let i = 0; i < 30; i++) await fast(i); // warm-up
    const hits = await timeIt(500, fast);
    for (let i = 0; i < 10; i++) await viaModel(i);
    const model200 = await timeIt(200, viaModel);

    return {
      database: 'PGlite (in memory)',
      faq_entries: 21,
      fast_path_replies: hits.length,
      fast_path_p50_ms: Number(percentile(hits, 0.5).toFixed(2)),
      fast_path_p99_ms: Number(percentile(hits, 0.99).toFixed(2)),
      model_path_replies: model200.length,
      model_path_p50_ms: Number(percentile(model200, 0.5).toFixed(2)),
      model_path_p99_ms: Number(percentile(model200, 0.99).toFixed(2)),
    };
  } finally {
    await standin.stop();
    await db.close();
  }
}
