/**
 * A business after a few busy years, written with set-based SQL (generate_series) as the
 * owner, so 200,000 leads take seconds rather than an hour of inserts: the data behind
 * `bun run bench data` and the tests that check the planner uses the indexes.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../db/database';
import { initialStatusId } from '../leads/statuses';

export interface BulkSizes {
  leads: number;
  notes: number;
  calls: number;
  /** Half arrive (inbound_messages), half go out (outbox_messages). */
  messages: number;
  finishedJobs: number;
  /** Due jobs waiting to be claimed. */
  queuedJobs: number;
  /** For the user given as `notifyUserId`. */
  notifications: number;
  /** Events on one lead (`busyLead`): notes, calls, messages both ways. */
  busyLeadEvents: number;
}

export const ISSUE_SIZES: BulkSizes = {
  leads: 200_000,
  notes: 200_000,
  calls: 100_000,
  messages: 500_000,
  finishedJobs: 1_000_000,
  queuedJobs: 1_000,
  notifications: 50_000,
  busyLeadEvents: 5_000,
};

/** Lead i's phone: +97252 and 7 digits, so lead 234567 is +972521234567 (0521234567). */
export const bulkPhone = (i: number) => `+97252${String(1_000_000 + i).slice(-7)}`;
/** Lead i's name: 'לקוח 123456'. */
export const bulkName = (i: number) => `לקוח ${i}`;
/** Words the notes are made of; each note has three (the search figures look for some). */
export const NOTE_WORDS = [
  'תספורת',
  'צבע',
  'החלקה',
  'פן',
  'גוונים',
  'טיפול',
  'תור',
  'מחיר',
  'ביטול',
  'הנחה',
  'חברה',
  'המלצה',
  'שיער',
  'זקן',
  'קרטין',
  'מניקור',
  'פדיקור',
  'איפור',
  'כלה',
  'ילדים',
  'שבת',
  'בוקר',
  'ערב',
  'מתנה',
  'חזרה',
  'דחוף',
  'מאחר',
  'שאלה',
  'תשלום',
  'אשראי',
  'חניה',
  'כתובת',
] as const;

const rows = <T>(result: unknown): T[] => {
  const r = result as { rows?: T[] } & T[];
  return r.rows ?? r;
};

/** The busy lead: the newest, with a few years of everything. */
export async function busyLeadOf(db: Database, businessId: string): Promise<{ id: string; phone: string }> {
  const [busy] = rows<{ id: string; phone: string }>(
    await db.withTenant(businessId, (tx) =>
      tx.execute(
        sql`select id, phone from leads where business_id = ${businessId}::uuid order by created_at desc, id desc limit 1`,
      ),
    ),
  );
  if (!busy) throw new Error('no leads seeded');
  return busy;
}

/** How many leads `businessId` has: a kept bench database is seeded once. */
export async function leadCount(db: Database, businessId: string): Promise<number> {
  const [row] = rows<{ n: number }>(
    await db.withTenant(businessId, (tx) =>
      tx.execute(sql`select count(*)::int as n from leads where business_id = ${businessId}::uuid`),
    ),
  );
  return row?.n ?? 0;
}

/**
 * Seeds `businessId`. Returns the busy lead's
 * id. Rows are spread over the last years, newest last; every figure is deterministic.
 */
export async function bulkSeed(
  db: Database,
  businessId: string,
  sizes: BulkSizes,
  opts: { notifyUserId?: string; log?: (line: string) => void } = {},
): Promise<{ busyLead: string }> {
  const log = opts.log ?? (() => {});
  const run = async (label: string, q: ReturnType<typeof sql>) => {
    const t0 = performance.now();
    // In the business's scope: row-level security is forced on the owner too, and a
    // production-like owner (not a superuser) does not bypass it.
    await db.owner.transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.business_id', ${businessId}, true)`);
      await tx.execute(q);
    });
    log(`${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };
  const status = { id: await db.withTenant(businessId, (tx) => initialStatusId(tx, businessId)) };
  const biz = sql`${businessId}::uuid`;
  // Lead i was created i × 10 minutes after the first; lead n is the newest.
  await run(
    `${sizes.leads} leads`,
    sql`insert into leads (business_id, phone, name, email, status_id, source, last_source, created_at, updated_at, last_contact_at)
      select ${biz}, '+97252' || right((1000000 + i)::text, 7), 'לקוח ' || i,
        case when i % 3 = 0 then 'client' || i || '@example.com' end, ${status.id}::uuid,
        (array['call','whatsapp','form','api','manual'])[1 + i % 5], (array['call','whatsapp','form','api','manual'])[1 + i % 5],
        t, t, t
      from generate_series(1, ${sizes.leads}) i, lateral (select now() - (${sizes.leads} - i) * interval '10 minutes' as t) x`,
  );
  const words = sql.raw(`array[${NOTE_WORDS.map((w) => `'${w}'`).join(',')}]`);
  const n = NOTE_WORDS.length;
  // Note j belongs to lead (j mod leads) + 1; its three words are picked by j.
  await run(
    `${sizes.notes} notes`,
    sql`insert into lead_notes (business_id, lead_id, body, created_at)
      select ${biz}, l.id, 'הלקוחה שאלה על ' || (${words})[1 + j % ${n}] || ' ו' || (${words})[1 + (j / 7) % ${n}] || ', ' || (${words})[1 + (j / 31) % ${n}] || ' ' || j, l.created_at + interval '1 minute'
      from generate_series(1, ${sizes.notes}) j join leads l on l.business_id = ${biz} and l.phone = '+97252' || right((1000000 + 1 + j % ${sizes.leads})::text, 7)`,
  );
  await run(
    `${sizes.calls} calls`,
    sql`insert into calls (business_id, call_sid, from_number, to_number, lead_id, started_at, answered_at, ended_at, end_reason, duration_ms, created_at)
      select ${biz}, 'CA' || md5('bulk' || ${businessId} || k), l.phone, '+97235550111', l.id, t, t, t + interval '2 minutes', 'caller_hung_up', 120000, t
      from generate_series(1, ${sizes.calls}) k
      join leads l on l.business_id = ${biz} and l.phone = '+97252' || right((1000000 + 1 + (k * 2) % ${sizes.leads})::text, 7),
      lateral (select now() - (${sizes.calls} - k) * interval '20 minutes' as t) x`,
  );
  const half = Math.floor(sizes.messages / 2);
  await run(
    `${half} inbound messages`,
    sql`insert into inbound_messages (business_id, lead_id, provider, provider_message_id, from_phone, body, received_at)
      select ${biz}, l.id, 'meta', 'wamid.bulk' || m, l.phone, 'שלום, אפשר תור ל' || (${words})[1 + m % ${n}] || '?', now() - (${half} - m) * interval '4 minutes'
      from generate_series(1, ${half}) m
      join leads l on l.business_id = ${biz} and l.phone = '+97252' || right((1000000 + 1 + (m * 3) % ${sizes.leads})::text, 7)`,
  );
  await run(
    `${sizes.messages - half} outbox messages`,
    sql`insert into outbox_messages (business_id, channel, to_phone, lead_id, body, status, dedupe_key, attempts, provider_message_id, created_at, sent_at)
      select ${biz}, 'whatsapp', l.phone, l.id, 'תזכורת: התור שלך מחר ב-10:00', 'sent', 'bulk:' || m, 1, 'wamid.out' || m, t, t + interval '2 seconds'
      from generate_series(1, ${sizes.messages - half}) m
      join leads l on l.business_id = ${biz} and l.phone = '+97252' || right((1000000 + 1 + (m * 5) % ${sizes.leads})::text, 7),
      lateral (select now() - (${sizes.messages - half} - m) * interval '4 minutes' as t) x`,
  );
  await run(
    `${sizes.finishedJobs} finished jobs`,
    sql`insert into jobs (business_id, kind, payload, unique_key, status, run_at, attempts, created_at, updated_at, finished_at)
      select ${biz}, 'event', jsonb_build_object('type', 'lead.created', 'n', f), 'bulk-event:' || f, 'done', t, 1, t, t, t
      from generate_series(1, ${sizes.finishedJobs}) f, lateral (select now() - (${sizes.finishedJobs} - f) * interval '1 minute' as t) x`,
  );
  await run(
    `${sizes.queuedJobs} queued jobs`,
    sql`insert into jobs (business_id, kind, status, run_at)
      select ${biz}, 'bench.noop', 'queued', now() - q * interval '1 second' from generate_series(1, ${sizes.queuedJobs}) q`,
  );
  if (opts.notifyUserId && sizes.notifications > 0) {
    await run(
      `${sizes.notifications} notifications`,
      sql`insert into notifications (business_id, user_id, kind, title, dedupe_key, read_at, created_at)
        select ${biz}, ${opts.notifyUserId}::uuid, 'lead_created', 'ליד חדש: לקוח ' || q, 'bulk:' || q,
          case when q < ${sizes.notifications} - 20 then t end, t
        from generate_series(1, ${sizes.notifications}) q, lateral (select now() - (${sizes.notifications} - q) * interval '30 minutes' as t) x`,
    );
  }
  const busy = await busyLeadOf(db, businessId);
  const e = sizes.busyLeadEvents;
  const part = Math.floor(e / 4);
  await run(
    `${e} events on one lead`,
    sql`with n as (insert into lead_notes (business_id, lead_id, body, created_at)
          select ${biz}, ${busy.id}::uuid, 'שיחת המשך ' || s, now() - s * interval '3 hours' from generate_series(1, ${part}) s returning 1),
        c as (insert into calls (business_id, call_sid, from_number, to_number, lead_id, started_at, ended_at, duration_ms, created_at)
          select ${biz}, 'CA' || md5('busy' || ${businessId} || s), ${busy.phone}, '+97235550111', ${busy.id}::uuid, now() - s * interval '5 hours', now() - s * interval '5 hours' + interval '1 minute', 60000, now() - s * interval '5 hours' from generate_series(1, ${part}) s returning 1),
        i as (insert into inbound_messages (business_id, lead_id, provider, provider_message_id, from_phone, body, received_at)
          select ${biz}, ${busy.id}::uuid, 'meta', 'wamid.busy' || s, ${busy.phone}, 'הודעה ' || s, now() - s * interval '2 hours' from generate_series(1, ${part}) s returning 1),
        o as (insert into outbox_messages (business_id, channel, to_phone, lead_id, body, status, dedupe_key, created_at, sent_at)
          select ${biz}, 'whatsapp', ${busy.phone}, ${busy.id}::uuid, 'תשובה ' || s, 'sent', 'busy:' || s, now() - s * interval '2 hours' + interval '1 minute', now() - s * interval '2 hours' + interval '1 minute' from generate_series(1, ${e - 3 * part}) s returning 1)
      select (select count(*) from n) + (select count(*) from c) + (select count(*) from i) + (select count(*) from o)`,
  );
  // What a database that has run for years has: statistics and a visibility map.
  const t0 = performance.now();
  await db.owner.execute(sql`vacuum analyze`);
  log(`vacuum analyze: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { busyLead: busy.id };
}
