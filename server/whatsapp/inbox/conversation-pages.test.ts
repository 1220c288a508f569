/**
 * The inbox's conversation list in pages: `before` walks every conversation once, newest
 * first, through ties of one instant and instants one microsecond apart (which a cursor of
 * milliseconds would hide), then those without a message yet; another business's cursor
 * shows nothing of theirs; a malformed one is a 400.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import { whatsappConversations } from '../../../db/schema';
import { HOOK_TIMEOUT_MS } from '../../test/database';
import { createHarness, type Harness } from '../../test/harness';

let h: Harness;
let owner: string;
let ownerB: string;
const mine: string[] = [];
const theirs: string[] = [];
interface Page {
  conversations: { id: string }[];
  nextCursor: string | null;
}

async function seed(businessId: string, n: number, into: string[]) {
  await h.db.withTenant(businessId, async (tx) => {
    for (let i = 0; i < n; i++) {
      // A third share one instant, a third are a microsecond apart within one millisecond, a few have no message.
      const at =
        i % 20 === 19
          ? null
          : i % 3 === 0
            ? '2026-03-01 09:00:00.123456+00'
            : `2026-03-01 09:00:00.1230${String(i % 100).padStart(2, '0')}+00`;
      const [row] = await tx
        .insert(whatsappConversations)
        .values({
          businessId,
          provider: 'baileys',
          contactPhone: `+97254${String(businessId === h.a.id ? 1 : 2)}${String(i).padStart(6, '0')}`,
          lastMessageAt: at === null ? null : sql`${at}::timestamptz`,
        })
        .returning({ id: whatsappConversations.id });
      if (row) into.push(row.id);
    }
  });
}

beforeAll(async () => {
  h = await createHarness();
  owner = await h.login(h.a.users.owner.email);
  ownerB = await h.login(h.b.users.owner.email);
  await seed(h.a.id, 130, mine);
  await seed(h.b.id, 5, theirs);
}, HOOK_TIMEOUT_MS);
afterAll(() => h.close());

const list = async (query: string, cookie = owner) => {
  const res = await h.request('GET', `/api/inbox/conversations?${query}`, { cookie });
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
};

test('pages walk every conversation once, through ties and microseconds', async () => {
  const seen: string[] = [];
  let before: string | null = null;
  for (let n = 0; n < 10; n++) {
    const page: Page = await list(before ? `before=${before}` : '');
    seen.push(...page.conversations.map((c) => c.id));
    before = page.nextCursor;
    if (!before) break;
  }
  const withMessage = mine.length - Math.floor(mine.length / 20);
  // Conversations without a message end the pages: the last page holds them.
  expect(new Set(seen).size).toBe(seen.length);
  expect(seen.length).toBeGreaterThanOrEqual(withMessage);
  expect(new Set(seen)).toEqual(new Set(mine));
}, 60_000);

test("another business's cursor shows nothing of theirs", async () => {
  const first = await list('');
  expect(first.nextCursor).toBeString();
  const other = await list(`before=${first.nextCursor}`, ownerB);
  for (const c of other.conversations) expect(theirs).toContain(c.id);
});

test('a malformed cursor is a 400', async () => {
  for (const before of [
    '2026-03-01T09:00:00.000Z_not-a-uuid',
    'garbage',
    Buffer.from('x|y').toString('base64url'),
  ]) {
    const res = await h.request('GET', `/api/inbox/conversations?before=${before}`, { cookie: owner });
    expect(res.status).toBe(400);
  }
});
