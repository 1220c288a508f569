import { sql } from 'drizzle-orm';
import type { Database } from '../../server/db/database';
import { initialStatusId } from '../../server/leads/statuses';
import { createHarness } from '../../server/test/harness';

/**
 * The overview (issue 11) at a busy business's size: 100,000 calls in the last 30 days
 * (three in four answered, with greeting and per-turn timings, outcomes and FAQ answers),
 * 20,000 leads, 3,000 bookings and 50,000 WhatsApp messages in 5,000 conversations — and a
 * second business with a fifth of that, which must not slow the first. Each period timed
 * through the whole HTTP path (session, tenant scope, row-level security, JSON). PGlite in
 * memory by default; PostgreSQL with DATABASE_URL (a fresh database, dropped after).
 * BENCH_OVERVIEW_SCALE=0.1 seeds a tenth.
 */

const RUNS = Number(Bun.env.BENCH_OVERVIEW_RUNS ?? 30);
const fmt = (v: number) => Number(v.toFixed(1));

async function time(n: number, fn: () => Promise<unknown>): Promise<string> {
  for (let i = 0; i < 3; i++) await fn();
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = Bun.nanoseconds();
    await fn();
    t[i] = (Bun.nanoseconds() - t0) / 1e6;
  }
  t.sort();
  const p = (q: number) => t[Math.min(n - 1, Math.floor(q * n))] ?? 0;
  return `p50 ${fmt(p(0.5))} ms · p95 ${fmt(p(0.95))} ms`;
}

/** Set-based seeding as the owner (generate_series): seconds, not an hour of inserts. */
export async function seed(db: Database, businessId: string, calls: number, tag: string) {
  const status = await db.withTenant(businessId, (tx) => initialStatusId(tx, businessId));
  const span = 30 * 86_400;
  await db.withSystem(async (tx) => {
    await tx.execute(sql`
      insert into calls (business_id, call_sid, from_number, to_number, started_at, answered_at, ended_at,
                         end_reason, duration_ms, counters, outcome, analysis_status, summary)
      select ${businessId}, ${`CA${tag}`} || k, '+97254' || lpad(k::text, 7, '0'), '+97235550111', t,
             case when k % 4 <> 0 then t end, t + interval '1 minute',
             case when k % 4 <> 0 then 'caller hung up' else 'missed: no-answer' end,
             case when k % 4 <> 0 then 60000 end,
             case when k % 4 <> 0 then jsonb_build_object(
               'firstAudioMs', 250 + k % 400,
               'earTotalMs', jsonb_build_object('0', 600 + k % 500, '1', 700 + k % 300, '2', 650 + k % 700),
               'faqAnswers', k % 3) end,
             case when k % 4 <> 0 then (array['booked','lead_captured','question_answered','transferred','abandoned','failed'])[1 + k % 6] end,
             case when k % 4 <> 0 then 'done' end,
             case when k % 4 <> 0 then 'הלקוח ביקש תור לתספורת ' || k end
      from generate_series(1, ${calls}) k,
           lateral (select now() - ((k::float8 / ${calls}) * ${span}) * interval '1 second' as t) x`);
    const leads = Math.round(calls / 5);
    await tx.execute(sql`
      insert into leads (business_id, phone, source, last_source, status_id, created_at)
      select ${businessId}, '+97252' || lpad((k + ${tag === 'a' ? 0 : 5_000_000})::text, 7, '0'),
             (array['call','whatsapp','form','api','manual'])[1 + k % 5]::text,
             (array['call','whatsapp','form','api','manual'])[1 + k % 5]::text,
             ${status}, now() - ((k::float8 / ${leads}) * ${span}) * interval '1 second'
      from generate_series(1, ${leads}) k`);
    const bookings = Math.round(calls * 0.03);
    await tx.execute(sql`
      insert into appointments (business_id, starts_at, ends_at, blocked_from, blocked_to, created_at)
      select ${businessId}, s, s + interval '30 minutes', s, s + interval '30 minutes',
             now() - ((k::float8 / ${bookings}) * ${span}) * interval '1 second'
      from generate_series(1, ${bookings}) k, lateral (select now() + k * interval '1 hour' as s) x`);
    const conversations = Math.round(calls / 20);
    await tx.execute(sql`
      with c as (
        insert into whatsapp_conversations (business_id, provider, contact_phone, last_message_at, last_inbound_at)
        select ${businessId}, 'meta', '+97253' || lpad(k::text, 7, '0'), t, t
        from generate_series(1, ${conversations}) k,
             lateral (select now() - ((k::float8 / ${conversations}) * ${span}) * interval '1 second' as t) x
        returning id, last_inbound_at)
      insert into inbound_messages (business_id, provider, provider_message_id, conversation_id, body, received_at)
      select ${businessId}, 'meta', 'wamid.' || ${tag} || c.id || '.' || m, c.id, 'שלום',
             c.last_inbound_at - m * interval '1 hour'
      from c, generate_series(0, 9) m`);
  });
  await db.withSystem((tx) => tx.execute(sql`analyze`));
}

export default async function run(): Promise<Record<string, string | number>> {
  const scale = Number(Bun.env.BENCH_OVERVIEW_SCALE ?? 1);
  const calls = Math.round(100_000 * scale);
  const h = await createHarness({ poolSize: 4 });
  const figures: Record<string, string | number> = {
    database:
      h.db.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : 'PGlite in memory (the embedded default)',
    'load before (uptime)': (await Bun.$`uptime`.text()).trim().replace(/.*load average: /, ''),
  };
  try {
    const t0 = performance.now();
    await seed(h.db, h.a.id, calls, 'a');
    await seed(h.db, h.b.id, Math.round(calls / 5), 'b');
    figures.seeded = `${calls} calls in 30 days (+${Math.round(calls / 5)} in another business) in ${((performance.now() - t0) / 1000).toFixed(0)} s`;
    const owner = await h.login(h.a.users.owner.email);
    const get = async (path: string) => {
      const res = await h.request('GET', path, { cookie: owner });
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
      return res.json() as Promise<{ figures: { calls: { answered: number; missed: number } } }>;
    };
    const month = await get('/api/overview?period=30d');
    figures['30 days: calls counted'] = month.figures.calls.answered + month.figures.calls.missed;
    for (const period of ['today', '7d', '30d'])
      figures[`GET /api/overview?period=${period}`] = await time(RUNS, () =>
        get(`/api/overview?period=${period}`),
      );
    const plan = await h.db.withTenant(h.a.id, (tx) =>
      tx.execute(sql`explain select key, sum(n) from call_hour_counts where business_id = ${h.a.id}
        and hour >= now() - interval '30 days' and hour < now() group by key`),
    );
    const lines = (
      (plan as { rows?: Record<string, string>[] }).rows ?? (plan as unknown as Record<string, string>[])
    )
      .map((r) => Object.values(r)[0] ?? '')
      .filter((l) => /Scan/.test(l))
      .map((l) => l.trim().replace(/\s+\(cost=.*$/, ''));
    figures['EXPLAIN: the roll-up of the period'] = lines.join('; ');
    figures['roll-up rows read for 30 days'] = await h.db.withTenant(h.a.id, async (tx) => {
      const r =
        await tx.execute(sql`select count(*)::int as n from call_hour_counts where business_id = ${h.a.id}
        and hour >= now() - interval '30 days' and hour < now()`);
      return Number(((r as { rows?: { n: number }[] }).rows ?? (r as unknown as { n: number }[]))[0]?.n);
    });
    figures['load after (uptime)'] = (await Bun.$`uptime`.text()).trim().replace(/.*load average: /, '');
    return figures;
  } finally {
    await h.close();
  }
}
