import { afterAll, beforeAll, expect, test } from 'bun:test';
import { and, eq } from 'drizzle-orm';
import { apiKeys, auditLog } from '../../db/schema';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness, TEST_ORIGIN } from '../test/harness';

let h: Harness;
let owner: string;
beforeAll(async () => {
  h = await createHarness({ apiKeyLimit: { windowMs: 60_000, max: 5 } });
  owner = await h.login(h.a.users.owner.email);
}, HOOK_TIMEOUT_MS);
afterAll(() => h.close());

const withKey = async (key: string, method: string, path: string, body?: unknown): Promise<Response> =>
  h.app.request(`${TEST_ORIGIN}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });

async function newKey(role: string, name = 'n8n') {
  const res = await h.request('POST', '/api/api-keys', { cookie: owner, body: { name, role } });
  expect(res.status).toBe(201);
  return (await res.json()) as { key: string; apiKey: { id: string; prefix: string } };
}

test('a key is shown once, kept only as a hash, works without a cookie with its role, and records its last use', async () => {
  const { key, apiKey } = await newKey('agent');
  expect(key).toStartWith('psk_');
  expect(key.startsWith(apiKey.prefix)).toBe(true);
  const [row] = await h.db.withTenant(h.a.id, (tx) =>
    tx.select().from(apiKeys).where(eq(apiKeys.id, apiKey.id)),
  );
  expect(JSON.stringify(row)).not.toContain(key.slice(12));
  expect(row?.lastUsedAt).toBeNull();

  const listed = await withKey(key, 'GET', '/leads');
  expect(listed.status).toBe(200);
  const created = await withKey(key, 'POST', '/leads', { phone: '050-888-0001', name: 'From n8n' });
  expect(created.status).toBe(201);
  // Its role is agent: exporting leads is not for agents, nor are the keys themselves.
  expect((await withKey(key, 'GET', '/leads/export.csv')).status).toBe(403);
  expect((await withKey(key, 'GET', '/api-keys')).status).toBe(403);

  const keys = (await (await h.request('GET', '/api/api-keys', { cookie: owner })).json()) as {
    apiKeys: { id: string; lastUsedAt: string | null }[];
  };
  expect(keys.apiKeys.find((k) => k.id === apiKey.id)?.lastUsedAt).not.toBeNull();
  const audited = await h.db.withTenant(h.a.id, (tx) =>
    tx
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'api_key.request'), eq(auditLog.targetId, apiKey.id))),
  );
  expect(audited.map((a) => a.details)).toEqual([{ method: 'POST', path: '/api/leads', status: 201 }]);
});

test('a revoked, unknown or malformed key is refused', async () => {
  const { key, apiKey } = await newKey('admin', 'zapier');
  expect((await withKey(key, 'GET', '/leads')).status).toBe(200);
  expect((await h.request('DELETE', `/api/api-keys/${apiKey.id}`, { cookie: owner })).status).toBe(200);
  expect((await withKey(key, 'GET', '/leads')).status).toBe(401);
  expect((await withKey(`psk_${'x'.repeat(43)}`, 'GET', '/leads')).status).toBe(401);
  expect((await withKey('not-a-key', 'GET', '/leads')).status).toBe(401);
});

test('no key gets the owner role, and an unknown role is named', async () => {
  const res = await h.request('POST', '/api/api-keys', { cookie: owner, body: { name: '', role: 'owner' } });
  expect(res.status).toBe(400);
  const { error } = (await res.json()) as { error: { details: { fields: Record<string, string> } } };
  expect(Object.keys(error.details.fields).sort()).toEqual(['name', 'role']);
});

test('the rate limit holds under parallel requests: exactly the limit gets through', async () => {
  const { key } = await newKey('agent', 'burst');
  const statuses = await Promise.all(
    Array.from({ length: 12 }, () => withKey(key, 'GET', '/leads').then((r) => r.status)),
  );
  expect(statuses.filter((s) => s === 200)).toHaveLength(5);
  expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  const limited = await withKey(key, 'GET', '/leads');
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
});
