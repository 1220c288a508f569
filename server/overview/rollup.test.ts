import { afterAll, beforeAll, expect, test } from 'bun:test';
import { eq, inArray, sql } from 'drizzle-orm';
import { businesses, calls } from '../../db/schema';
import type { Database } from '../db/database';
import { createTestDatabase, HOOK_TIMEOUT_MS } from '../test/database';
import { rejected } from '../test/settle';

/**
 * The hourly roll-up the overview reads (call_hour_counts, kept by triggers on calls:
 * migration 0044) must equal what the calls themselves say after any mix of writes.
 */
let db: Database;
let bizA: string;
let bizB: string;

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 6 });
  const rows = await db.withSystem((tx) =>
    tx
      .insert(businesses)
      .values([{ name: 'A' }, { name: 'B' }])
      .returning({ id: businesses.id }),
  );
  bizA = rows[0]?.id ?? '';
  bizB = rows[1]?.id ?? '';
}, HOOK_TIMEOUT_MS);
afterAll(() => db.close());

type Row = Record<string, unknown>;
const rowsOf = (r: unknown): Row[] => (r as { rows?: Row[] }).rows ?? (r as Row[]);
const HOUR = 3_600_000;
let sid = 0;

function newCall(businessId: string, startedAt: Date) {
  return {
    businessId,
    callSid: `CA-rollup-${++sid}`,
    fromNumber: '+972541234567',
    toNumber: '+97235550111',
    startedAt,
  };
}

/** The roll-up's non-zero rows, and the same counted afresh from the calls. */
async function rolledAndRecounted(): Promise<[string[], string[]]> {
  return db.withSystem(async (tx) => {
    const show = (rows: Row[]) =>
      rows.map((r) => `${r.business_id} ${new Date(String(r.hour)).toISOString()} ${r.key} ${r.n}`).sort();
    const rolled = rowsOf(
      await tx.execute(sql`select business_id, hour, key, n from call_hour_counts where n <> 0`),
    );
    const recount = rowsOf(
      await tx.execute(sql`
        select c.business_id, prosaas_utc_hour(c.started_at) as hour, k.key, count(*)::int as n
        from calls c, prosaas_call_hour_keys(c.answered_at, c.ended_at, c.counters, c.outcome) k(key)
        group by 1, 2, 3`),
    );
    return [show(rolled), show(recount)];
  });
}

test('the roll-up equals a recount of the calls after inserts, updates across hours and deletes', async () => {
  const base = Date.now() - 5 * HOUR;
  const ids = await db.withTenant(bizA, async (tx) => {
    // One statement writing many calls (as an import or the bench's seeding would).
    const rows = await tx
      .insert(calls)
      .values(Array.from({ length: 12 }, (_, i) => newCall(bizA, new Date(base + (i % 4) * HOUR + i * 1000))))
      .returning({ id: calls.id });
    return rows.map((r) => r.id);
  });
  await db.withTenant(bizB, (tx) => tx.insert(calls).values(newCall(bizB, new Date(base))));
  // The life of a call: answered, then ended with its counters, then analysed.
  for (const [i, id] of ids.entries()) {
    await db.withTenant(bizA, async (tx) => {
      const answeredAt = i % 3 === 0 ? null : new Date(base + i * 1000 + 2000);
      await tx.update(calls).set({ answeredAt }).where(eq(calls.id, id));
      await tx
        .update(calls)
        .set({
          endedAt: new Date(base + i * 1000 + 60_000),
          counters: answeredAt
            ? { firstAudioMs: 200 + i * 37, faqAnswers: i % 2, earTotalMs: { 0: 600 + i * 11, 1: 900 } }
            : null,
        })
        .where(eq(calls.id, id));
      if (answeredAt)
        await tx
          .update(calls)
          .set({ outcome: i % 2 ? 'booked' : 'lead_captured' })
          .where(eq(calls.id, id));
    });
  }
  // A call moved to another hour, several updated in one statement, two deleted (retention).
  await db.withTenant(bizA, async (tx) => {
    await tx
      .update(calls)
      .set({ startedAt: new Date(base + 4 * HOUR) })
      .where(eq(calls.id, ids[1] as string));
    await tx
      .update(calls)
      .set({ outcome: 'transferred' })
      .where(inArray(calls.id, ids.slice(4, 9)));
    await tx.delete(calls).where(inArray(calls.id, [ids[2] as string, ids[3] as string]));
  });
  const [rolled, recount] = await rolledAndRecounted();
  expect(rolled.length).toBeGreaterThan(20);
  expect(rolled).toEqual(recount);
});

test('a malformed counter counts for nothing and never fails the call’s own write', async () => {
  const at = new Date(Date.now() - 30 * HOUR);
  await db.withTenant(bizA, (tx) =>
    tx.insert(calls).values({
      ...newCall(bizA, at),
      answeredAt: at,
      endedAt: at,
      counters: { faqAnswers: 'many', firstAudioMs: [300], earTotalMs: { 0: 'fast', 1: 800 } } as never,
    }),
  );
  const keys = await db.withTenant(bizA, async (tx) =>
    rowsOf(
      await tx.execute(
        sql`select key from call_hour_counts where business_id = ${bizA} and hour = prosaas_utc_hour(${at.toISOString()}::timestamptz) order by key`,
      ),
    ).map((r) => r.key),
  );
  expect(keys).toEqual(['answered', 'turn:170']); // 800 ms: ⌊ln 800 / ln 1.04⌋
  const [rolled, recount] = await rolledAndRecounted();
  expect(rolled).toEqual(recount);
});

test('calls ending at once in the same hour are all counted, without a deadlock', async () => {
  const at = new Date(Date.now() - 50 * HOUR);
  const ids = await db.withTenant(bizB, async (tx) =>
    (
      await tx
        .insert(calls)
        .values(Array.from({ length: 12 }, () => newCall(bizB, at)))
        .returning({ id: calls.id })
    ).map((r) => r.id),
  );
  await Promise.all(
    ids.map((id, i) =>
      db.withTenant(bizB, (tx) =>
        tx
          .update(calls)
          .set({
            answeredAt: at,
            endedAt: at,
            outcome: 'booked',
            counters: { firstAudioMs: 300 + i, earTotalMs: { 0: 700 } },
          })
          .where(eq(calls.id, id)),
      ),
    ),
  );
  const rows = await db.withTenant(bizB, async (tx) =>
    rowsOf(
      await tx.execute(
        sql`select key, n from call_hour_counts where business_id = ${bizB} and hour = prosaas_utc_hour(${at.toISOString()}::timestamptz) and key in ('answered', 'outcome:booked', 'turn:167')`,
      ),
    ),
  );
  expect(Object.fromEntries(rows.map((r) => [r.key, r.n]))).toEqual({
    answered: 12,
    'outcome:booked': 12,
    'turn:167': 12,
  });
});

test('a business deleted with its calls takes its roll-up with it', async () => {
  const [c] = await db.withSystem((tx) =>
    tx.insert(businesses).values({ name: 'C' }).returning({ id: businesses.id }),
  );
  const bizC = c?.id as string;
  await db.withTenant(bizC, (tx) =>
    tx.insert(calls).values({ ...newCall(bizC, new Date()), answeredAt: new Date() }),
  );
  await db.withSystem((tx) => tx.delete(businesses).where(eq(businesses.id, bizC)));
  const left = await db.withSystem(async (tx) =>
    rowsOf(
      await tx.execute(sql`select count(*)::int as n from call_hour_counts where business_id = ${bizC}`),
    ),
  );
  expect(left[0]?.n).toBe(0);
});

test('one business never reads or writes another’s roll-up', async () => {
  const seen = await db.withTenant(bizA, async (tx) =>
    rowsOf(await tx.execute(sql`select distinct business_id from call_hour_counts`)).map(
      (r) => r.business_id,
    ),
  );
  expect(seen).toEqual([bizA]);
  expect(
    await rejected(
      db.withTenant(bizA, (tx) =>
        tx.execute(
          sql`insert into call_hour_counts (business_id, hour, key, n) values (${bizB}, now(), 'answered', 1)`,
        ),
      ),
    ),
  ).toThrow();
});
