/**
 * A lead's timeline in pages: a cursor walks every entry once, in the one-page order, even
 * when notes, calls and status changes share one instant; a cursor is no key to another
 * business's history, and one this timeline did not give out is refused with a 400.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import { calls, leadNotes } from '../../db/schema';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness } from '../test/harness';
import { upsertLeadByPhone } from './upsert';

let h: Harness;
let owner: string;
let ownerB: string;
let leadA: string;
let leadB: string;
interface Page {
  timeline: { kind: string; id: string; at: string; data: Record<string, unknown> }[];
  next: string | null;
}

// Two instants shared by several entries of several kinds (microseconds apart from their neighbours).
const TIE = '2026-03-01T09:00:00.123456Z';
const NEAR = '2026-03-01T09:00:00.123457Z';

async function seedLead(businessId: string, phone: string, notes: number, tag: string): Promise<string> {
  return h.db.withTenant(businessId, async (tx) => {
    const { lead } = await upsertLeadByPhone(tx, businessId, { phone, source: 'manual' });
    for (let i = 0; i < notes; i++) {
      const createdAt =
        i % 3 === 0 ? TIE : i % 3 === 1 ? NEAR : `2026-02-${String(1 + (i % 27)).padStart(2, '0')}T08:00:00Z`;
      await tx.insert(leadNotes).values({
        businessId,
        leadId: lead.id,
        body: `${tag} ${i}`,
        createdAt: sql`${createdAt}::timestamptz`,
      });
    }
    for (let i = 0; i < 4; i++) {
      const id = crypto.randomUUID();
      await tx.insert(calls).values({
        id,
        businessId,
        callSid: `CA${id.replaceAll('-', '')}`,
        fromNumber: phone,
        toNumber: '+97235550111',
        leadId: lead.id,
        startedAt: sql`${TIE}::timestamptz`,
      });
    }
    return lead.id;
  });
}

beforeAll(async () => {
  h = await createHarness();
  owner = await h.login(h.a.users.owner.email);
  ownerB = await h.login(h.b.users.owner.email);
  leadA = await seedLead(h.a.id, '+972541230001', 20, 'א');
  leadB = await seedLead(h.b.id, '+972541230002', 2, 'ב');
}, HOOK_TIMEOUT_MS);
afterAll(() => h.close());

const page = async (lead: string, query: string, cookie = owner) => {
  const res = await h.request('GET', `/api/leads/${lead}/timeline?${query}`, { cookie });
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
};

async function walk(lead: string, limit: number, cookie = owner) {
  const seen: Page['timeline'] = [];
  let after: string | null = null;
  for (let n = 0; n < 100; n++) {
    const p: Page = await page(lead, `limit=${limit}${after ? `&after=${after}` : ''}`, cookie);
    expect(p.timeline.length).toBeLessThanOrEqual(limit);
    seen.push(...p.timeline);
    if (!p.next) return seen;
    after = p.next;
  }
  throw new Error('the cursor never reached the end');
}

describe('a lead timeline in pages', () => {
  test('a cursor walks every entry once, in the one-page order, through ties of one instant', async () => {
    const whole = await page(leadA, 'limit=200');
    expect(whole.next).toBeNull();
    // 20 notes, 4 calls and the first status change.
    expect(whole.timeline).toHaveLength(25);
    const atTie = whole.timeline.filter((e) => e.at === new Date(TIE).toISOString());
    expect(new Set(atTie.map((e) => e.kind))).toEqual(new Set(['note', 'call']));
    for (const limit of [2, 7]) {
      const walked = await walk(leadA, limit);
      expect(walked.map((e) => `${e.kind}:${e.id}`)).toEqual(whole.timeline.map((e) => `${e.kind}:${e.id}`));
    }
  }, 60_000);

  test('a page says where the next one starts, and the last one that there is none', async () => {
    const first = await page(leadA, 'limit=24');
    expect(first.timeline).toHaveLength(24);
    expect(first.next).toBeString();
    const last = await page(leadA, `limit=24&after=${first.next}`);
    expect(last.timeline).toHaveLength(1);
    expect(last.next).toBeNull();
  });

  test("another business's cursor shows nothing of theirs", async () => {
    const first = await page(leadA, 'limit=2');
    // On their own lead it is only a point in time: what they get is their own history after it.
    const theirs = await page(leadB, `limit=200&after=${first.next}`, ownerB);
    expect(theirs.timeline.length).toBeGreaterThan(0);
    const own = new Set((await page(leadB, 'limit=200', ownerB)).timeline.map((e) => e.id));
    for (const e of theirs.timeline) expect(own.has(e.id)).toBe(true);
    // And it opens nothing of A's lead.
    const res = await h.request('GET', `/api/leads/${leadA}/timeline?after=${first.next}`, {
      cookie: ownerB,
    });
    expect(res.status).toBe(404);
  });

  test('a malformed cursor is a 400 and nothing else', async () => {
    const forged = (text: string) => Buffer.from(text).toString('base64url');
    const id = crypto.randomUUID();
    for (const after of [
      'not-a-cursor',
      forged(`2026-03-01T09:00:00.123456Z|note`),
      forged(`2026-13-45T09:00:00.123456Z|note|${id}`),
      forged(`2026-03-01T09:00:00Z|note|${id}`),
      forged(`2026-03-01T09:00:00.123456Z|note;drop|${id}`),
      forged(`2026-03-01T09:00:00.123456Z|note|${id}|more`),
    ]) {
      const res = await h.request('GET', `/api/leads/${leadA}/timeline?after=${after}`, { cookie: owner });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
    }
    expect((await h.request('GET', `/api/leads/${leadA}/timeline?limit=0`, { cookie: owner })).status).toBe(
      400,
    );
  });
});
