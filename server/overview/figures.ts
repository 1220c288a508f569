/**
 * The overview's figures for one business over a period (today, 7 or 30 days, counted in
 * the business's own time zone), each one SQL aggregate run in the business's tenant
 * transaction — row-level security is the second wall under the `business_id =` that
 * leads every condition, which is also each index's leading column:
 *   calls            call_hour_counts' primary key (business_id, hour, key): the hourly
 *                    roll-up kept by triggers on calls, so a month reads ~720 hours' keys
 *                    whatever the number of calls; latency medians within 2 % (histogram.ts)
 *   leads            leads_business_created_idx (business_id, created_at, id)
 *   bookings         appointments_business_created_idx (business_id, created_at)
 *   WhatsApp         inbound_messages_business_received_idx (business_id, received_at, id)
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../db/database';
import { bucketPercentile } from './histogram';

export const OVERVIEW_PERIODS = ['today', '7d', '30d'] as const;
export type OverviewPeriod = (typeof OVERVIEW_PERIODS)[number];

const DAYS: Record<OverviewPeriod, number> = { today: 1, '7d': 7, '30d': 30 };

export interface OverviewFigures {
  period: OverviewPeriod;
  timeZone: string;
  from: string;
  to: string;
  calls: { answered: number; missed: number; withFaqAnswer: number };
  /** Share of answered calls in which the assistant answered from the business's FAQ (0–1; null: no call). */
  faqShare: number | null;
  outcomes: Record<string, number>;
  bookings: { byAssistant: number; total: number };
  leadsBySource: Record<string, number>;
  whatsappConversations: number;
  /** Ms from the stream's start to the greeting's first frame; null when no call had one. */
  greetingMs: { median: number | null; p95: number | null };
  /** Ms from the caller's end of speech to the answer heard, over every answered turn. */
  turnLatencyMs: { median: number | null; p95: number | null; turns: number };
  /** Calls started in each local hour of the day, 0–23. */
  byHour: number[];
  /** Answered and missed per local day (per hour for today), oldest first. */
  series: { start: string; answered: number; missed: number }[];
}

type Row = Record<string, unknown>;
const rowsOf = (result: unknown): Row[] => {
  const r = result as { rows?: Row[] } & Row[];
  return r.rows ?? r;
};
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const maybe = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v)));

export async function overviewFigures(
  tx: Tx,
  businessId: string,
  period: OverviewPeriod,
  now: Date,
): Promise<OverviewFigures> {
  const [biz] = rowsOf(await tx.execute(sql`select timezone from businesses where id = ${businessId}`));
  const tz = String(biz?.timezone ?? 'Asia/Jerusalem');
  const at = sql`${now.toISOString()}::timestamptz`;
  // The period starts at local midnight, DAYS-1 days before today's.
  const [bounds] = rowsOf(
    await tx.execute(
      sql`select ((date_trunc('day', ${at} at time zone ${tz}) - ${`${DAYS[period] - 1} days`}::interval) at time zone ${tz}) as "from"`,
    ),
  );
  const from = new Date(String(bounds?.from));
  const f = sql`${from.toISOString()}::timestamptz`;
  // Every call figure from the hourly roll-up (migration 0044): the period's hours summed
  // per key, and the answered and missed of each hour kept apart for the charts.
  const rolled = rowsOf(
    await tx.execute(sql`
      select key,
             case when key in ('answered', 'missed') then extract(epoch from hour)::float8 * 1000 end as at,
             sum(n)::float8 as n
      from call_hour_counts
      where business_id = ${businessId} and hour >= ${f} and hour < ${at}
      group by 1, 2`),
  );
  const totals = new Map<string, number>();
  const hourly = new Map<number, { answered: number; missed: number }>();
  const greeting = new Map<number, number>();
  const turns = new Map<number, number>();
  for (const r of rolled) {
    const key = String(r.key);
    const n = num(r.n);
    totals.set(key, (totals.get(key) ?? 0) + n);
    if (r.at !== null && r.at !== undefined) {
      const h = hourly.get(num(r.at)) ?? { answered: 0, missed: 0 };
      h[key as 'answered' | 'missed'] += n;
      hourly.set(num(r.at), h);
    } else if (key.startsWith('greeting:')) greeting.set(Number(key.slice(9)), n);
    else if (key.startsWith('turn:')) turns.set(Number(key.slice(5)), n);
  }
  const outcomes: Record<string, number> = {};
  for (const [key, n] of totals) if (key.startsWith('outcome:') && n > 0) outcomes[key.slice(8)] = n;
  const [bookings] = rowsOf(
    await tx.execute(sql`
      select count(*) filter (where created_by is null) as assistant, count(*) as total
      from appointments where business_id = ${businessId} and created_at >= ${f} and created_at < ${at}`),
  );
  const leads = rowsOf(
    await tx.execute(sql`
      select source, count(*) as n from leads
      where business_id = ${businessId} and created_at >= ${f} and created_at < ${at} group by source`),
  );
  // A conversation the customer wrote in during the period is one whose last inbound
  // message is in it (the period ends now): no scan of the messages themselves.
  const [wa] = rowsOf(
    await tx.execute(sql`
      select count(*) as n from whatsapp_conversations
      where business_id = ${businessId} and last_inbound_at >= ${f} and last_inbound_at <= ${at}`),
  );

  const answered = totals.get('answered') ?? 0;
  const faq = totals.get('faq') ?? 0;
  const unit = period === 'today' ? 'hour' : 'day';
  const local = localBuckets(tz, unit);
  const byHour = Array.from({ length: 24 }, () => 0);
  const buckets = new Map<string, { answered: number; missed: number }>();
  for (const [at, h] of hourly) {
    const { key, hour } = local(new Date(at));
    byHour[hour] = (byHour[hour] ?? 0) + h.answered + h.missed;
    const b = buckets.get(key) ?? { answered: 0, missed: 0 };
    b.answered += h.answered;
    b.missed += h.missed;
    buckets.set(key, b);
  }
  return {
    period,
    timeZone: tz,
    from: from.toISOString(),
    to: now.toISOString(),
    calls: { answered, missed: totals.get('missed') ?? 0, withFaqAnswer: faq },
    faqShare: answered ? faq / answered : null,
    outcomes,
    bookings: { byAssistant: num(bookings?.assistant), total: num(bookings?.total) },
    leadsBySource: Object.fromEntries(leads.map((l) => [String(l.source), num(l.n)])),
    whatsappConversations: num(wa?.n),
    greetingMs: {
      median: maybe(bucketPercentile(greeting, 0.5)),
      p95: maybe(bucketPercentile(greeting, 0.95)),
    },
    turnLatencyMs: {
      median: maybe(bucketPercentile(turns, 0.5)),
      p95: maybe(bucketPercentile(turns, 0.95)),
      turns: [...turns.values()].reduce((a, b) => a + b, 0),
    },
    byHour,
    series: fillSeries(buckets, from, now, local),
  };
}

/** A local bucket key (`YYYY-MM-DDTHH:00`, the hour 00 for days) and local hour of an instant. */
function localBuckets(tz: string, unit: 'hour' | 'day') {
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  });
  return (d: Date) => {
    const p = Object.fromEntries(fmt.formatToParts(d).map((x) => [x.type, x.value]));
    return {
      key: `${p.year}-${p.month}-${p.day}T${unit === 'hour' ? p.hour : '00'}:00`,
      hour: Number(p.hour),
    };
  };
}

/**
 * Every hour or day of the period, with zeros where no call started. Calls are bucketed by
 * UTC hour first: exact for zones whose offset is whole hours (Israel's is).
 */
function fillSeries(
  buckets: Map<string, { answered: number; missed: number }>,
  from: Date,
  now: Date,
  local: ReturnType<typeof localBuckets>,
) {
  const out: OverviewFigures['series'] = [];
  const seen = new Set<string>();
  // Hour steps cover days too (and DST days of 23 or 25 hours): each local bucket once.
  for (let t = from.getTime(); t < now.getTime(); t += 3_600_000) {
    const { key } = local(new Date(t));
    if (seen.has(key)) continue;
    seen.add(key);
    const b = buckets.get(key);
    out.push({ start: key, answered: b?.answered ?? 0, missed: b?.missed ?? 0 });
  }
  return out;
}
