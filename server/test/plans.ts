/**
 * What the planner does with the queries that must stay fast as a business grows: the
 * lead search and the job claim, EXPLAINed as they run (the bench reports it, a test
 * asserts it on data big enough for the planner to prefer an index).
 */
import { asc, type SQL, sql } from 'drizzle-orm';
import { jobs } from '../../db/schema';
import type { Database, Tx } from '../db/database';
import { dueQueued, orphaned } from '../jobs/claim';
import { type LeadFilters, searchArguments } from '../leads/search';

export interface PlanCheck {
  label: string;
  /** Index names that must all appear in the plan. */
  expected: string[];
  ok: boolean;
  plan: string;
}

const rowsOf = <T>(result: unknown): T[] => {
  const r = result as { rows?: T[] } & T[];
  return r.rows ?? r;
};

/** The text plan of a query (a drizzle builder or SQL). */
export async function explain(tx: Tx, query: SQL | { getSQL(): SQL }): Promise<string> {
  const result = await tx.execute(sql`explain ${query}`);
  return rowsOf<Record<string, string>>(result)
    .map((r) => Object.values(r)[0])
    .join('\n');
}

const check = (label: string, expected: string[], plan: string): PlanCheck => ({
  label,
  expected,
  ok: expected.every((name) => plan.includes(name)),
  plan,
});

/** The searches people make, each with the index that must serve it. */
export const SEARCH_PLANS: {
  label: string;
  /** prosaas_search.lead_ids_sql's shapes: the trigram indexes, or the newest leads walked. */
  mode: 'index' | 'walk';
  filters: LeadFilters;
  expected: string[];
}[] = [
  { label: 'search a name', mode: 'index', filters: { q: 'לקוח 123456' }, expected: ['leads_name_trgm_idx'] },
  {
    label: 'search a phone',
    mode: 'index',
    filters: { q: '052-123-4567' },
    expected: ['leads_phone_trgm_idx'],
  },
  {
    label: 'search an email',
    mode: 'index',
    filters: { q: 'client12345@' },
    expected: ['leads_email_trgm_idx'],
  },
  {
    label: 'search the notes',
    mode: 'index',
    filters: { q: 'החלקה וקרטין' },
    expected: ['lead_notes_body_trgm_idx'],
  },
  {
    label: 'search the newest leads (a common word)',
    mode: 'walk',
    filters: { q: 'תספורת' },
    expected: ['leads_business_created_idx', 'lead_notes_lead_idx'],
  },
];

/**
 * The plan of each search's page, as prosaas_search.lead_ids runs it (lead_ids_plan: the
 * same SQL, EXPLAINed as the search role, in the business's scope).
 */
export function searchPlanChecks(db: Database, businessId: string): Promise<PlanCheck[]> {
  return db.owner.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('app.business_id', ${businessId}, true), set_config('app.scope', 'tenant', true)`,
    );
    const checks: PlanCheck[] = [];
    for (const s of SEARCH_PLANS) {
      const args = searchArguments(s.filters.q ?? '', { ...s.filters, businessId }, { limit: 26 });
      const lines = rowsOf<Record<string, string>>(
        await tx.execute(sql`select * from prosaas_search.lead_ids_plan(${s.mode}::text, ${args})`),
      ).map((r) => Object.values(r)[0]);
      checks.push(check(s.label, s.expected, lines.join('\n')));
    }
    return checks;
  });
}

/** The claim's select, EXPLAINed in the system scope as the runner makes it. */
export function claimPlanCheck(db: Database): Promise<PlanCheck> {
  return db.withSystem(async (tx) => {
    const take = (where: SQL | undefined) =>
      tx
        .select({ id: jobs.id })
        .from(jobs)
        .where(where)
        .orderBy(asc(jobs.runAt))
        .limit(10)
        .for('update', { skipLocked: true });
    const now = new Date();
    const plans = `${await explain(tx, take(dueQueued(now)))}\n${await explain(tx, take(orphaned(now)))}`;
    return check('job claim', ['jobs_queued_run_at_idx', 'jobs_running_locked_until_idx'], plans);
  });
}
