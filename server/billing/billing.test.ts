import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness } from '../test/harness';

let h: Harness;
let root: string;
let owner: string;
let agent: string;
let ownerB: string;
beforeAll(async () => {
  h = await createHarness();
  root = await h.login(h.sysadmin.email);
  owner = await h.login(h.a.users.owner.email);
  agent = await h.login(h.a.users.agent.email);
  ownerB = await h.login(h.b.users.owner.email);
}, HOOK_TIMEOUT_MS);
afterAll(() => h.close());

const json = async <T>(res: Response) => (await res.json()) as T;
const setFeatures = async (businessId: string, features: Record<string, boolean>) => {
  const res = await h.request('PATCH', `/api/businesses/${businessId}`, { cookie: root, body: { features } });
  expect(res.status).toBe(200);
};
const me = async (cookie: string) =>
  (
    await json<{ business: { features: Record<string, boolean> } }>(
      await h.request('GET', '/api/auth/me', { cookie }),
    )
  ).business.features;

describe('the flags', () => {
  test('with the flags off (the default) every payments and contracts route is 404, even for the system admin', async () => {
    expect(await me(owner)).toEqual({ payments: false, contracts: false });
    const id = crypto.randomUUID();
    for (const cookie of [owner, root]) {
      const q = cookie === root ? `?businessId=${h.a.id}` : '';
      for (const [method, path, body] of [
        ['GET', `/api/payments${q}`, undefined],
        ['POST', `/api/payments${q}`, { amountAgorot: 100 }],
        ['GET', `/api/payments/${id}${q}`, undefined],
        ['PATCH', `/api/payments/${id}${q}`, { description: 'x' }],
        ['GET', `/api/contracts${q}`, undefined],
        ['POST', `/api/contracts${q}`, { title: 'x' }],
        ['GET', `/api/contracts/${id}${q}`, undefined],
        ['PATCH', `/api/contracts/${id}${q}`, { title: 'x' }],
      ] as const) {
        expect({ path, status: (await h.request(method, path, { cookie, body })).status }).toEqual({
          path,
          status: 404,
        });
      }
    }
  });

  test('only the system admin turns them on, and the session shows them to the dashboard', async () => {
    const byOwner = await h.request('PATCH', `/api/businesses/${h.a.id}`, {
      cookie: owner,
      body: { features: { payments: true } },
    });
    expect(byOwner.status).toBe(403);
    await setFeatures(h.a.id, { payments: true });
    expect(await me(owner)).toEqual({ payments: true, contracts: false });
    expect((await h.request('GET', '/api/payments', { cookie: owner })).status).toBe(200);
    expect((await h.request('GET', '/api/contracts', { cookie: owner })).status).toBe(404);
    await setFeatures(h.a.id, { contracts: true });
    expect(await me(agent)).toEqual({ payments: true, contracts: true });
  });
});

interface Payment {
  id: string;
  amountAgorot: number;
  currency: string;
  status: string;
  paidAt: string | null;
  dueDate: string | null;
  lead: { id: string } | null;
}
interface Contract {
  id: string;
  title: string;
  status: string;
  documentUrl: string | null;
  sentAt: string | null;
  signedAt: string | null;
}

describe('payments', () => {
  test('are recorded in agorot, paid with a date, refunded for good', async () => {
    const leadRes = await h.request('POST', '/api/leads', { cookie: owner, body: { phone: '050-444-5501' } });
    const { lead } = await json<{ lead: { id: string } }>(leadRes);
    const created = await h.request('POST', '/api/payments', {
      cookie: owner,
      body: { amountAgorot: 12_345, description: 'טיפול ראשון', leadId: lead.id, dueDate: '2026-12-01' },
    });
    expect(created.status).toBe(201);
    const { payment } = await json<{ payment: Payment }>(created);
    expect(payment).toMatchObject({
      amountAgorot: 12_345,
      currency: 'ILS',
      status: 'pending',
      paidAt: null,
      dueDate: '2026-12-01',
      lead: { id: lead.id },
    });

    const patch = (body: unknown) =>
      h.request('PATCH', `/api/payments/${payment.id}`, { cookie: owner, body });
    const paid = await json<{ payment: Payment }>(await patch({ status: 'paid' }));
    expect(paid.payment.paidAt).toBeString();
    expect((await json<{ payment: Payment }>(await patch({ status: 'refunded' }))).payment.status).toBe(
      'refunded',
    );
    expect((await patch({ status: 'paid' })).status).toBe(409);

    const { payments } = await json<{ payments: Payment[] }>(
      await h.request('GET', '/api/payments?status=refunded', { cookie: owner }),
    );
    expect(payments.map((p) => p.id)).toContain(payment.id);
    expect(
      (await h.request('POST', '/api/payments', { cookie: owner, body: { amountAgorot: 10.5 } })).status,
    ).toBe(400);
    expect(
      (await h.request('POST', '/api/payments', { cookie: owner, body: { amountAgorot: 0 } })).status,
    ).toBe(400);
  });

  test("agents may not see payments; another business's payment is 404", async () => {
    expect((await h.request('GET', '/api/payments', { cookie: agent })).status).toBe(403);
    await setFeatures(h.b.id, { payments: true });
    const { payments } = await json<{ payments: Payment[] }>(
      await h.request('GET', '/api/payments', { cookie: owner }),
    );
    const id = payments[0]?.id;
    expect(id).toBeString();
    expect((await h.request('GET', `/api/payments/${id}`, { cookie: ownerB })).status).toBe(404);
    expect(
      (await h.request('PATCH', `/api/payments/${id}`, { cookie: ownerB, body: { description: 'x' } }))
        .status,
    ).toBe(404);
    expect(
      (await json<{ payments: Payment[] }>(await h.request('GET', '/api/payments', { cookie: ownerB })))
        .payments,
    ).toEqual([]);
  });
});

describe('contracts', () => {
  test('go from draft to sent to signed with their dates; a cancelled contract stays cancelled', async () => {
    const created = await h.request('POST', '/api/contracts', {
      cookie: owner,
      body: { title: 'הסכם שירות', documentUrl: 'https://docs.example.com/c/1.pdf' },
    });
    const { contract } = await json<{ contract: Contract }>(created);
    expect(contract).toMatchObject({
      status: 'draft',
      sentAt: null,
      signedAt: null,
      documentUrl: 'https://docs.example.com/c/1.pdf',
    });
    const patch = (body: unknown) =>
      h.request('PATCH', `/api/contracts/${contract.id}`, { cookie: owner, body });
    const sent = (await json<{ contract: Contract }>(await patch({ status: 'sent' }))).contract;
    expect(sent.sentAt).toBeString();
    const signed = (await json<{ contract: Contract }>(await patch({ status: 'signed' }))).contract;
    expect(signed).toMatchObject({ sentAt: sent.sentAt, status: 'signed' });
    expect(signed.signedAt).toBeString();
    expect((await patch({ status: 'draft' })).status).toBe(409);
    await patch({ status: 'cancelled' });
    expect((await patch({ status: 'sent' })).status).toBe(409);
    expect(
      (
        await h.request('POST', '/api/contracts', {
          cookie: owner,
          body: { title: 'x', documentUrl: 'javascript:alert(1)' },
        })
      ).status,
    ).toBe(400);
  });

  test('agents read contracts but do not write them', async () => {
    expect((await h.request('GET', '/api/contracts', { cookie: agent })).status).toBe(200);
    expect((await h.request('POST', '/api/contracts', { cookie: agent, body: { title: 'x' } })).status).toBe(
      403,
    );
  });

  test('turning the flag off hides the records again, without losing them', async () => {
    await setFeatures(h.a.id, { contracts: false });
    expect((await h.request('GET', '/api/contracts', { cookie: owner })).status).toBe(404);
    await setFeatures(h.a.id, { contracts: true });
    const { contracts } = await json<{ contracts: Contract[] }>(
      await h.request('GET', '/api/contracts', { cookie: owner }),
    );
    expect(contracts.map((c) => c.title)).toContain('הסכם שירות');
  });
});
