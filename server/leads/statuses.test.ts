import { afterAll, beforeAll, expect, test } from 'bun:test';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness } from '../test/harness';

let h: Harness;
let owner: string;
let agent: string;
beforeAll(async () => {
  h = await createHarness();
  owner = await h.login(h.a.users.owner.email);
  agent = await h.login(h.a.users.agent.email);
}, HOOK_TIMEOUT_MS);
afterAll(() => h.close());

interface Status {
  id: string;
  name: string;
  color: string;
  position: number;
  retired: boolean;
}
const json = async <T>(res: Response) => (await res.json()) as T;
const statuses = async (cookie = agent) =>
  (await json<{ statuses: Status[] }>(await h.request('GET', '/api/lead-statuses', { cookie }))).statuses;

test('a business starts with the Hebrew default set, created once however often it is read', async () => {
  const [first, second] = await Promise.all([statuses(), statuses()]);
  expect(first.map((s) => s.name)).toEqual(['חדש', 'נוצר קשר', 'נקבעה פגישה', 'לקוח', 'לא רלוונטי']);
  expect(second).toEqual(first);
});

test('an owner adds, renames and recolours statuses; an agent may not', async () => {
  const body = { name: 'ממתין לתשובה', color: '#ff8800' };
  expect((await h.request('POST', '/api/lead-statuses', { cookie: agent, body })).status).toBe(403);
  const res = await h.request('POST', '/api/lead-statuses', { cookie: owner, body });
  expect(res.status).toBe(201);
  const { status } = await json<{ status: Status }>(res);
  expect(status.position).toBe(5);
  const patched = await h.request('PATCH', `/api/lead-statuses/${status.id}`, {
    cookie: owner,
    body: { name: 'ממתין', color: '#123456', position: 1 },
  });
  expect((await json<{ status: Status }>(patched)).status).toMatchObject({ name: 'ממתין', color: '#123456' });
  const dup = await h.request('POST', '/api/lead-statuses', {
    cookie: owner,
    body: { name: 'ממתין', color: '#000000' },
  });
  expect(dup.status).toBe(409);
});

test('a status in use cannot be deleted, only retired; an unused one can be deleted', async () => {
  const lead = (
    await json<{ lead: { id: string; status: { id: string } } }>(
      await h.request('POST', '/api/leads', { cookie: agent, body: { phone: '050-777-1111' } }),
    )
  ).lead;
  const used = lead.status.id;
  const refused = await h.request('DELETE', `/api/lead-statuses/${used}`, { cookie: owner });
  expect(refused.status).toBe(409);
  expect((await json<{ error: { details: { reason: string } } }>(refused)).error.details.reason).toBe(
    'in_use',
  );

  await h.request('PATCH', `/api/lead-statuses/${used}`, { cookie: owner, body: { retired: true } });
  // New leads now start in the first status still in use, and nobody picks the retired one.
  const next = await json<{ lead: { status: { id: string } } }>(
    await h.request('POST', '/api/leads', { cookie: agent, body: { phone: '050-777-2222' } }),
  );
  expect(next.lead.status.id).not.toBe(used);
  // Once the lead leaves the retired status, it cannot be put back in it.
  const customer = (await statuses()).find((s) => s.name === 'לקוח');
  const moved = await h.request('PATCH', `/api/leads/${lead.id}`, {
    cookie: agent,
    body: { statusId: customer?.id },
  });
  expect(moved.status).toBe(200);
  const back = await h.request('PATCH', `/api/leads/${lead.id}`, { cookie: agent, body: { statusId: used } });
  expect(back.status).toBe(400);

  const unused = (await statuses()).find((s) => s.name === 'לא רלוונטי');
  expect((await h.request('DELETE', `/api/lead-statuses/${unused?.id}`, { cookie: owner })).status).toBe(204);
  expect((await statuses()).map((s) => s.name)).not.toContain('לא רלוונטי');
});

test("another business's status is not found", async () => {
  const ownerB = await h.login(h.b.users.owner.email);
  const [theirs] = await statuses(ownerB);
  for (const [method, body] of [
    ['PATCH', { name: 'x' }],
    ['DELETE', undefined],
  ] as const) {
    const res = await h.request(method, `/api/lead-statuses/${theirs?.id}`, { cookie: owner, body });
    expect(res.status).toBe(404);
  }
});
