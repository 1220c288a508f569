import { faqs } from '../../db/schema';
import { customerSends } from '../../server/standins/graph/webhook-sender';
import { TEST_META_APP_SECRET, TEST_ORIGIN } from '../../server/test/harness';
import { openInboundRig } from '../../server/whatsapp/inbound-fixture';

/**
 * A customer's WhatsApp message through the whole server path, in process, on PGlite in
 * memory: Meta's signed webhook (HMAC over the raw body, parse, the business by its number,
 * the message and the sender's lead recorded, a job queued), then the job runner's work (the
 * FAQ fast path answers, the reply is queued and sent to the Graph stand-in on localhost).
 * No network latency of Meta's or OpenAI's is in these figures: this is our own overhead.
 */

const NUMBER_ID = '109000000000001';

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}
const ms = (ns: number) => ns / 1e6;
const fmt = (v: number) => Number(v.toFixed(2));

export default async function run(): Promise<Record<string, string | number>> {
  const rig = await openInboundRig();
  const { h } = rig;
  try {
    const owner = await h.login(h.a.users.owner.email);
    h.whatsapp.graph.addNumber({
      phoneNumberId: NUMBER_ID,
      accessToken: 'EAAG-bench-token-000000000000000000',
      displayPhoneNumber: '+972 3-555-0111',
      verifiedName: 'Bench',
    });
    const linked = await h.request('PUT', '/api/whatsapp/meta', {
      cookie: owner,
      body: { phoneNumberId: NUMBER_ID, accessToken: 'EAAG-bench-token-000000000000000000' },
    });
    if (linked.status !== 200) throw new Error(`link failed: ${linked.status}`);
    await h.db.withTenant(h.a.id, (tx) =>
      tx.insert(faqs).values({
        businessId: h.a.id,
        question: 'מה שעות הפתיחה?',
        answer: 'א׳–ה׳ 9:00–19:00.',
        channels: ['whatsapp'],
      }),
    );
    const target = {
      webhookUrl: `${TEST_ORIGIN}/whatsapp/webhook`,
      appSecret: TEST_META_APP_SECRET,
      post: (url: string, init: RequestInit) => h.app.request(url, init),
    };
    const from = (i: number) => `+9725480${String(10000 + (i % 200)).padStart(5, '0')}`;
    const write = async (i: number) => {
      const { response } = await customerSends(h.whatsapp.graph, {
        ...target,
        phoneNumberId: NUMBER_ID,
        from: from(i),
        text: 'מה שעות הפתיחה שלכם?',
      });
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
    };

    // Warm-up: compiles the agent, fills the caches, creates the first leads.
    for (let i = 0; i < 20; i++) await write(i);
    await rig.drain();

    // One message at a time: the webhook alone, then everything the runner does for it.
    const n = 300;
    const webhook = new Float64Array(n);
    const answer = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const t0 = Bun.nanoseconds();
      await write(i);
      const t1 = Bun.nanoseconds();
      await rig.drain();
      webhook[i] = ms(t1 - t0);
      answer[i] = ms(Bun.nanoseconds() - t1);
    }
    webhook.sort();
    answer.sort();

    // A burst: 500 webhooks back to back, then the runner works through them.
    Bun.gc(true);
    const rssBefore = process.memoryUsage().rss;
    const heapBefore = process.memoryUsage().heapUsed;
    const burst = 500;
    const b0 = Bun.nanoseconds();
    for (let i = 0; i < burst; i++) await write(1000 + i);
    const b1 = Bun.nanoseconds();
    await rig.drain();
    const b2 = Bun.nanoseconds();
    Bun.gc(true);
    const heapAfter = process.memoryUsage().heapUsed;
    const sent = h.whatsapp.graph.sent.length;
    if (sent < n + burst) throw new Error(`only ${sent} replies reached the Graph stand-in`);

    return {
      'webhook handled, ms p50 / p99': `${fmt(percentile(webhook, 0.5))} / ${fmt(percentile(webhook, 0.99))}`,
      'job: FAQ reply queued and sent, ms p50 / p99': `${fmt(percentile(answer, 0.5))} / ${fmt(percentile(answer, 0.99))}`,
      'burst: webhooks accepted per second': Math.round(burst / (ms(b1 - b0) / 1000)),
      'burst: replies sent per second (one runner)': Math.round(burst / (ms(b2 - b1) / 1000)),
      'RSS MB before the burst / after it (PGlite in memory, in process)': `${Math.round(rssBefore / 1e6)} / ${Math.round(process.memoryUsage().rss / 1e6)}`,
      'JS heap KB per burst message (after GC)': Math.round((heapAfter - heapBefore) / burst / 1024),
    };
  } finally {
    await rig.close();
  }
}
