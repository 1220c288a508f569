import { desc, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { jobs, leads } from '../../db/schema';
import { type Database, openDatabase } from '../../server/db/database';
import { claimJobs } from '../../server/jobs/claim';
import { cursorAt, encodeCursor } from '../../server/lib/keyset';
import { bulkSeed, busyLeadOf, ISSUE_SIZES, leadCount } from '../../server/test/bulk-seed';
import { createHarness } from '../../server/test/harness';
import { claimPlanCheck, type PlanCheck, searchPlanChecks } from '../../server/test/plans';

/**
 * The CRM at a busy business's size (issue 16): one business with 200,000 leads and notes,
 * 100,000 calls, 500,000 messages and a million finished jobs, seeded with set-based SQL,
 * then each request the dashboard makes timed through the whole HTTP path in process
 * (session check, tenant scope, row-level security, JSON). PGlite in memory by default;
 * PostgreSQL with DATABASE_URL (a fresh database, dropped after). BENCH_DATA_SCALE=0.1
 * seeds a tenth, for a quick look.
 *
 * Seeding takes minutes on a shared machine, so a run can keep its database and the next
 * one reuse it: BENCH_DATA_DB=<name> (PostgreSQL: that database on DATABASE_URL's server,
 * created if missing) or BENCH_DATA_DIR=<dir> (PGlite: that data directory). A kept
 * database is seeded once (when it has fewer leads than asked for), migrated on every run.
 */

const RUNS = Number(Bun.env.BENCH_DATA_RUNS ?? 30);
/** BENCH_DATA_ONLY=<regex>: time only the requests whose label matches (while tuning one). */
const ONLY = Bun.env.BENCH_DATA_ONLY ? new RegExp(Bun.env.BENCH_DATA_ONLY) : undefined;
const wanted = (label: string) => !ONLY || ONLY.test(label);
const ms = (ns: number) => ns / 1e6;
const fmt = (v: number) => Number(v.toFixed(1));

async function time(n: number, fn: () => Promise<unknown>): Promise<string> {
  for (let i = 0; i < 3; i++) await fn();
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = Bun.nanoseconds();
    await fn();
    t[i] = ms(Bun.nanoseconds() - t0);
  }
  t.sort();
  const p = (q: number) => t[Math.min(n - 1, Math.floor(q * n))] ?? 0;
  return `p50 ${fmt(p(0.5))} ms · p95 ${fmt(p(0.95))} ms`;
}

/** A plan's scans, on one line: enough to see which table was read without its index. */
const scans = (plan: string) =>
  plan
    .split('\n')
    .filter((line) => /Scan/.test(line))
    .map((line) => line.trim().replace(/\s+\(cost=.*$/, ''))
    .join('; ');

/** The claim is timed on queued jobs: a run puts back what it (or a run that stopped) claimed. */
const requeueBenchJobs = (db: Database, businessId: string) =>
  db.withTenant(businessId, (tx) =>
    tx
      .update(jobs)
      .set({ status: 'queued', lockedBy: null, lockedUntil: null })
      .where(sql`${jobs.kind} = 'bench.noop'`),
  );

/** The kept database BENCH_DATA_DB / BENCH_DATA_DIR name, opened; undefined for a fresh one. */
async function keptDatabase(): Promise<Database | undefined> {
  const url = Bun.env.DATABASE_URL;
  if (url && Bun.env.BENCH_DATA_DB) {
    const name = Bun.env.BENCH_DATA_DB;
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error('BENCH_DATA_DB: a lower-case database name');
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
      if (!exists) await admin.unsafe(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    const target = new URL(url);
    target.pathname = `/${name}`;
    return openDatabase({ url: target.toString(), poolSize: 4 });
  }
  if (!url && Bun.env.BENCH_DATA_DIR) return openDatabase({ dataDir: Bun.env.BENCH_DATA_DIR });
  return undefined;
}

export default async function run(): Promise<Record<string, string | number>> {
  const scale = Number(Bun.env.BENCH_DATA_SCALE ?? 1);
  const sizes = Object.fromEntries(
    Object.entries(ISSUE_SIZES).map(([k, v]) => [k, Math.max(1, Math.round(v * scale))]),
  ) as unknown as typeof ISSUE_SIZES;
  sizes.busyLeadEvents = ISSUE_SIZES.busyLeadEvents;
  const database = await keptDatabase();
  const h = await createHarness({ poolSize: 4, database });
  const figures: Record<string, string | number> = {
    database:
      h.db.kind === 'postgres'
        ? 'PostgreSQL (DATABASE_URL)'
        : database
          ? 'PGlite, on disk (the embedded default)'
          : 'PGlite in memory (the embedded default)',
    'load before (uptime)': (await Bun.$`uptime`.text()).trim().replace(/.*load average: /, ''),
  };
  try {
    const t0 = performance.now();
    const what = `${sizes.leads} leads, ${sizes.notes} notes, ${sizes.calls} calls, ${sizes.messages} messages, ${sizes.finishedJobs} finished jobs, ${sizes.notifications} notifications`;
    let busyLead: string;
    if (database && (await leadCount(h.db, h.a.id)) >= sizes.leads) {
      busyLead = (await busyLeadOf(h.db, h.a.id)).id;
      // A run that stopped mid-claim leaves its leases: the claim is timed on queued jobs.
      await requeueBenchJobs(h.db, h.a.id);
      figures.seeded = `${what} (kept from an earlier run)`;
    } else {
      ({ busyLead } = await bulkSeed(h.db, h.a.id, sizes, {
        notifyUserId: h.a.users.owner.id,
        log: (line) => console.error(`  seed ${line}`),
      }));
      figures.seeded = `${what} in ${((performance.now() - t0) / 1000).toFixed(0)} s`;
    }
    const owner = await h.login(h.a.users.owner.email);
    const get = async (path: string) => {
      const res = await h.request('GET', path, { cookie: owner });
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
      return res.json() as Promise<Record<string, unknown>>;
    };
    const deep = Math.floor(sizes.leads / 2);
    const leadsPage1 = await get('/api/leads?limit=25');
    figures['leads list total shown'] = `${leadsPage1.total}${leadsPage1.totalCapped ? '+' : ''}`;
    // The cursor of a page halfway down, as a person paging that far would hold it.
    let cursor = String(leadsPage1.next);
    for (let hop = 0; hop < 3; hop++)
      cursor = String((await get(`/api/leads?limit=200&after=${cursor}`)).next);
    const [mid] = await h.db.withTenant(h.a.id, (tx) =>
      tx
        .select({ at: cursorAt(leads.createdAt), id: leads.id })
        .from(leads)
        .orderBy(desc(leads.createdAt), desc(leads.id))
        .offset(deep)
        .limit(1),
    );
    const midCursor = mid ? encodeCursor(mid) : cursor;

    const q = (s: string) => encodeURIComponent(s);
    const requests: [string, string][] = [
      ['leads list, page 1', '/api/leads?limit=25'],
      [`leads list, ${deep.toLocaleString('en')} rows in (keyset)`, `/api/leads?limit=25&after=${midCursor}`],
      ['search a name ("לקוח 123456")', `/api/leads?limit=25&q=${q('לקוח 123456')}`],
      ['search a phone (0521234567)', `/api/leads?limit=25&q=0521234567`],
      ['search a phone (052-123-4567)', `/api/leads?limit=25&q=${q('052-123-4567')}`],
      ['search a phone (+972521234567)', `/api/leads?limit=25&q=${q('+972521234567')}`],
      ['search part of an email ("client12345@")', `/api/leads?limit=25&q=${q('client12345@')}`],
      ['search a word in the notes ("תספורת")', `/api/leads?limit=25&q=${q('תספורת')}`],
      ['search a rare note word pair ("החלקה וקרטין")', `/api/leads?limit=25&q=${q('החלקה וקרטין')}`],
      ['search a Hebrew prefix ("לקו", every lead)', `/api/leads?limit=25&q=${q('לקו')}`],
      ['search with no match ("זזזז")', `/api/leads?limit=25&q=${q('זזזז')}`],
      ['calls list, page 1', '/api/calls?limit=50'],
      ['notifications (bell)', '/api/notifications?limit=30'],
      ['WhatsApp page (outgoing list and counts)', '/api/whatsapp'],
      ['overview', '/api/overview'],
      [
        `a lead's timeline (${sizes.busyLeadEvents.toLocaleString('en')} events)`,
        `/api/leads/${busyLead}/timeline`,
      ],
    ];
    for (const [label, path] of requests)
      if (wanted(label)) figures[label] = await time(RUNS, () => get(path));
    if (wanted('calls list, page 2 (keyset)')) {
      const callsPage1 = await get('/api/calls?limit=50');
      figures['calls list, page 2 (keyset)'] = await time(RUNS, () =>
        get(`/api/calls?limit=50&after=${callsPage1.next}`),
      );
    }

    // A job claim, as the runner makes it (a batch of 10), with the finished jobs in history.
    const claimLabel = `job claim (10 of ${sizes.queuedJobs} queued, ${sizes.finishedJobs.toLocaleString('en')} finished in history)`;
    if (wanted(claimLabel)) {
      let claimed = 0;
      figures[claimLabel] = await time(RUNS, async () => {
        claimed += (await claimJobs(h.db, { workerId: 'bench', now: new Date(), leaseMs: 60_000, limit: 10 }))
          .length;
      });
      if (claimed === 0) throw new Error('the claim took nothing');
      await requeueBenchJobs(h.db, h.a.id);
    }

    const checks: PlanCheck[] = await searchPlanChecks(h.db, h.a.id);
    for (const c of checks)
      figures[`EXPLAIN: ${c.label}`] = c.ok
        ? `uses ${c.expected.join(' + ')}`
        : `NOT INDEXED: ${scans(c.plan)}`;
    const claimPlan = await claimPlanCheck(h.db);
    figures['EXPLAIN: job claim'] = claimPlan.ok
      ? `uses ${claimPlan.expected.join(' + ')}`
      : `NOT INDEXED: ${scans(claimPlan.plan)}`;
    figures['load after (uptime)'] = (await Bun.$`uptime`.text()).trim().replace(/.*load average: /, '');
    return figures;
  } finally {
    await h.close();
  }
}
