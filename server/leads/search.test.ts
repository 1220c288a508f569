import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import { leads } from '../../db/schema';
import { cappedCount } from '../lib/keyset';
import { bulkSeed } from '../test/bulk-seed';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness } from '../test/harness';
import { phoneDigits } from './search';
import { initialStatusId } from './statuses';

let h: Harness;
let agent: string;
beforeAll(async () => {
  h = await createHarness();
  agent = await h.login(h.a.users.agent.email);
}, HOOK_TIMEOUT_MS);
afterAll(() => h.close());

interface Page {
  leads: { id: string; name: string | null }[];
  total: number;
  totalCapped: boolean;
  next: string | null;
}
const list = async (query: string, cookie = agent) => {
  const res = await h.request('GET', `/api/leads?${query}`, { cookie });
  if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
  return (await res.json()) as Page;
};

/** Every id the list gives for `query`, page after page, in order. */
async function walk(query: string, limit: number, between?: () => Promise<void>) {
  const ids: string[] = [];
  let next: string | null = null;
  do {
    const page: Page = await list(`${query}&limit=${limit}${next ? `&after=${next}` : ''}`);
    ids.push(...page.leads.map((l) => l.id));
    next = page.next;
    await between?.();
  } while (next);
  return ids;
}

const rowsOf = <T>(result: unknown): T[] => {
  const r = result as { rows?: T[] } & T[];
  return r.rows ?? r;
};

/** The search as it was before the indexes (ILIKE over the name, email, phone and a per-lead notes subquery). */
async function oldSearch(businessId: string, q: string): Promise<string[]> {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const digits = phoneDigits(q);
  return h.db.withTenant(businessId, async (tx) =>
    rowsOf<{ id: string }>(
      await tx.execute(sql`select id from leads where name ilike ${pattern} or email ilike ${pattern}
        or (${digits}::text is not null and phone like '%' || ${digits}::text || '%')
        or exists (select 1 from lead_notes n where n.lead_id = leads.id and n.body ilike ${pattern})
        order by created_at desc, id desc`),
    ).map((r) => r.id),
  );
}

describe('the indexed search finds what the old ILIKE found', () => {
  const people = [
    { phone: '052-123-4567', name: 'אברהם כהן', email: 'avi@example.com', note: 'רוצה תספורת קצרה' },
    { phone: '+972 54 765 4321', name: 'שרה אברהמי', email: 'Sara.Levi@Example.com', note: 'שאלה על צבע' },
    {
      phone: '03-555-1234',
      name: 'Dana Cohen',
      email: 'dana@cohen.co.il',
      note: 'Prefers mornings; 100% sure',
    },
    { phone: '0521112233', name: 'דנה לוי', note: 'חברה של אברהם, הגיעה בהמלצה' },
    { phone: '0587654321', name: 'יוסי_מזרחי', note: 'under_score and back\\slash' },
    { phone: '0501234567', name: null, note: 'בלי שם, רק מספר 4567' },
    { phone: '0539998877', name: 'מיכל (מיקי) בן-דוד', email: 'miki@bd.org' },
  ];
  beforeAll(async () => {
    for (const p of people) {
      const res = await h.request('POST', '/api/leads', {
        cookie: agent,
        body: { phone: p.phone, ...(p.name ? { name: p.name } : {}), ...(p.email ? { email: p.email } : {}) },
      });
      const { lead } = (await res.json()) as { lead: { id: string } };
      if (p.note)
        await h.request('POST', `/api/leads/${lead.id}/notes`, { cookie: agent, body: { body: p.note } });
    }
  });

  const queries = [
    'אברהם',
    'אבר', // a Hebrew prefix
    'אב', // two letters: no trigram, still found
    'א',
    'הם כ', // across a space
    'תספורת',
    'תספ',
    'dana',
    'DANA', // case-insensitive
    'example.com',
    'sara.levi@',
    '0521234567', // a phone typed three ways
    '052-123-4567',
    '+972521234567',
    '4567',
    '972',
    '100%', // LIKE's wildcards are literal
    '_',
    'back\\slash',
    '(מיקי)',
    'בן-דוד',
    'זזז', // nothing
  ];
  for (const q of queries) {
    test(`"${q}"`, async () => {
      const now = await walk(`q=${encodeURIComponent(q)}`, 3);
      expect(now).toEqual(await oldSearch(h.a.id, q));
    });
  }

  test('the three ways of typing one phone find the one lead', async () => {
    for (const q of ['0521234567', '052-123-4567', '+972521234567']) {
      const { leads: found } = await list(`q=${encodeURIComponent(q)}`);
      expect(found.map((l) => l.name)).toEqual(['אברהם כהן']);
    }
  });

  test("another business's leads are never found", async () => {
    const ownerB = await h.login(h.b.users.owner.email);
    expect((await list(`q=${encodeURIComponent('אברהם')}`, ownerB)).leads).toEqual([]);
  });
});

describe('a common word (the newest leads walked) finds what the old ILIKE found', () => {
  // Business b: 3,000 leads 'לקוח 1'…'לקוח 3000', a note each. 'לקוח' is in every lead
  // and 'לקוח 1' in 1,111 (every one older than lead 2000): both are common enough to be
  // walked, and the second has no match among the newest leads, so the indexes answer for
  // the leads past the walked window. 'תספורת' is in about one note in eleven.
  let ownerB: string;
  beforeAll(async () => {
    await bulkSeed(h.db, h.b.id, {
      leads: 3000,
      notes: 3000,
      calls: 1,
      messages: 2,
      finishedJobs: 1,
      queuedJobs: 1,
      notifications: 0,
      busyLeadEvents: 4,
    });
    ownerB = await h.login(h.b.users.owner.email);
  }, HOOK_TIMEOUT_MS);

  for (const q of ['לקוח', 'לקוח 1', 'תספורת', 'לקוח 2999']) {
    test(`"${q}"`, async () => {
      const ids: string[] = [];
      let next: string | null = null;
      let first: Page | undefined;
      do {
        const page: Page = await list(
          `q=${encodeURIComponent(q)}&limit=100${next ? `&after=${next}` : ''}`,
          ownerB,
        );
        first ??= page;
        ids.push(...page.leads.map((l) => l.id));
        next = page.next;
      } while (next);
      const expected = await oldSearch(h.b.id, q);
      expect(ids).toEqual(expected);
      expect([first?.total, first?.totalCapped]).toEqual(
        expected.length > 100 ? [100, true] : [expected.length, false],
      );
    });
  }
});

describe('the search function keeps to the business', () => {
  const args = sql`'%א%', null, null, null, 10, null, null, null, false`;
  const fails = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (e) {
      return String((e as { cause?: unknown }).cause ?? e);
    }
    return 'ran';
  };

  test("outside a business's scope it refuses instead of searching every business", async () => {
    const error = await fails(() =>
      h.db.withSystem((tx) => tx.execute(sql`select * from prosaas_search.lead_ids(${args})`)),
    );
    expect(error).toMatch(/only in a business's scope/);
  });

  test("the app role cannot read the search's plans (statistics over every business)", async () => {
    expect(
      await fails(() =>
        h.db.withTenant(h.a.id, (tx) =>
          tx.execute(sql`select * from prosaas_search.lead_ids_plan('index', ${args})`),
        ),
      ),
    ).toMatch(/permission denied/);
  });
});

describe('keyset pages', () => {
  let batch: string[];
  beforeAll(async () => {
    // One statement: every row has the same created_at, so only the id orders them.
    batch = await h.db.withTenant(h.b.id, async (tx) => {
      const statusId = await initialStatusId(tx, h.b.id);
      const rows = await tx
        .insert(leads)
        .values(
          Array.from({ length: 40 }, (_, i) => ({
            businessId: h.b.id,
            phone: `+97250777${String(i).padStart(4, '0')}`,
            name: `דף ${i}`,
            statusId,
            source: 'api' as const,
            lastSource: 'api' as const,
          })),
        )
        .returning({ id: leads.id });
      return rows.map((r) => r.id);
    });
  });

  test('walking every page while leads keep arriving shows each lead once, none missed', async () => {
    const ownerB = await h.login(h.b.users.owner.email);
    let n = 0;
    const seen: string[] = [];
    let next: string | null = null;
    do {
      const res = await h.request('GET', `/api/leads?limit=6${next ? `&after=${next}` : ''}`, {
        cookie: ownerB,
      });
      const page = (await res.json()) as Page;
      seen.push(...page.leads.map((l) => l.id));
      next = page.next;
      // A new contact between two page loads lands on page 1, not in the pages still ahead.
      await h.request('POST', '/api/leads', {
        cookie: ownerB,
        body: { phone: `05088800${String(n++).padStart(2, '0')}` },
      });
    } while (next);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of batch) expect(seen).toContain(id);
  });

  test('a cursor that the list did not give out is a 400, not a 500', async () => {
    const res = await h.request('GET', '/api/leads?after=bm90LWEtY3Vyc29y', { cookie: agent });
    expect(res.status).toBe(400);
  });
});

describe('capped counts', () => {
  test('counts exactly up to the cap and says "more" past it', async () => {
    await h.db.withTenant(h.b.id, async (tx) => {
      const all = () => tx.select({ id: leads.id }).from(leads).$dynamic();
      const exact = await cappedCount(tx, all(), 10_000);
      expect(exact.totalCapped).toBe(false);
      expect(exact.total).toBeGreaterThan(40);
      expect(await cappedCount(tx, all(), exact.total)).toEqual({ total: exact.total, totalCapped: false });
      expect(await cappedCount(tx, all(), exact.total - 1)).toEqual({
        total: exact.total - 1,
        totalCapped: true,
      });
    });
  });
});
