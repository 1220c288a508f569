import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { auditLog, webhookEndpoints } from '../../db/schema';
import { drainJobs } from '../jobs/drain';
import { createLogger } from '../lib/logger';
import { HOOK_TIMEOUT_MS } from '../test/database';
import { createHarness, type Harness } from '../test/harness';
import { webhookDeliverJob } from './deliver';
import { verifySignature } from './signing';

/** A local receiver, as n8n's Webhook node would be: records what arrives, answers `answer`. */
function startReceiver() {
  const got: { headers: Headers; body: string }[] = [];
  let answer = 200;
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(req) {
      got.push({ headers: req.headers, body: await req.text() });
      return new Response('ok', { status: answer });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}/webhook/prosaas`,
    got,
    answer: (status: number) => {
      answer = status;
    },
    stop: () => server.stop(true),
  };
}

let h: Harness;
let owner: string;
let admin: string;
let receiver: ReturnType<typeof startReceiver>;
beforeAll(async () => {
  h = await createHarness();
  owner = await h.login(h.a.users.owner.email);
  admin = await h.login(h.a.users.admin.email);
  receiver = startReceiver();
}, HOOK_TIMEOUT_MS);
afterAll(async () => {
  receiver.stop();
  await h.close();
});

/** Runs every due job, webhooks included, `aheadMs` from now (reaching retries' backoff). */
const drain = (aheadMs = 0) =>
  drainJobs(h.db, () => new Date(Date.now() + aheadMs), {
    webhooks: webhookDeliverJob({
      db: h.db,
      box: h.whatsapp.box,
      log: createLogger('silent'),
      production: false,
    }),
  });

async function json<T>(res: Response | Promise<Response>): Promise<T> {
  return (await (await res).json()) as T;
}

describe('webhook endpoints', () => {
  let secret = '';
  let endpointId = '';

  test('an owner adds an endpoint and sees its whsec_ secret once; it is stored sealed', async () => {
    await drain();
    const res = await h.request('POST', '/api/webhooks', {
      cookie: owner,
      body: { url: receiver.url, events: ['lead.created', 'appointment.booked'], description: 'n8n' },
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { endpoint: { id: string }; secret: string };
    secret = created.secret;
    endpointId = created.endpoint.id;
    expect(secret).toStartWith('whsec_');
    const listed = await json<{ endpoints: Record<string, unknown>[] }>(
      h.request('GET', '/api/webhooks', { cookie: owner }),
    );
    expect(listed.endpoints).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(secret.slice(6));
    const [row] = await h.db.withTenant(h.a.id, (tx) =>
      tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId)),
    );
    expect(row?.secretSealed).not.toContain(secret.slice(6));
    expect(await h.whatsapp.box.open(row?.secretSealed ?? '', h.a.id)).toBe(secret);
  });

  test('admins and agents cannot see or add endpoints', async () => {
    expect((await h.request('GET', '/api/webhooks', { cookie: admin })).status).toBe(403);
  });

  test('every invalid field is named at once', async () => {
    const res = await h.request('POST', '/api/webhooks', { cookie: owner, body: { url: '', events: [] } });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { details: { fields: Record<string, string> } } };
    expect(Object.keys(error.details.fields).sort()).toEqual(['events', 'url']);
  });

  test('a new lead arrives at the receiver signed the Standard Webhooks way, with the lead in its data', async () => {
    const before = receiver.got.length;
    await h.request('POST', '/api/leads', {
      cookie: owner,
      body: { phone: '050-777-1234', name: 'Webhook Lead' },
    });
    await drain();
    expect(receiver.got.length).toBe(before + 1);
    const hit = receiver.got.at(-1);
    if (!hit) throw new Error('nothing arrived');
    const headers = {
      id: hit.headers.get('webhook-id') ?? '',
      timestamp: hit.headers.get('webhook-timestamp') ?? '',
      signature: hit.headers.get('webhook-signature') ?? '',
    };
    expect(verifySignature(secret, headers, hit.body, Math.floor(Date.now() / 1000))).toBe(true);
    const payload = JSON.parse(hit.body) as { type: string; data: { lead: { phone: string; name: string } } };
    expect(payload.type).toBe('lead.created');
    expect(payload.data.lead).toMatchObject({ phone: '+972507771234', name: 'Webhook Lead' });
  });

  test('an event the endpoint did not choose is not sent', async () => {
    const before = receiver.got.length;
    await h.request('POST', '/api/tasks', {
      cookie: owner,
      body: { title: 'x', assigneeId: h.a.users.agent.id },
    });
    await drain();
    expect(receiver.got.length).toBe(before);
  });

  test('a failing receiver is retried after the backoff and then succeeds; replay sends the same id again', async () => {
    receiver.answer(500);
    const before = receiver.got.length;
    await h.request('POST', '/api/leads', { cookie: owner, body: { phone: '050-777-1235' } });
    await drain();
    expect(receiver.got.length).toBe(before + 1);
    type Deliveries = {
      deliveries: { id: string; state: string; attempts: number; lastStatus: number | null }[];
    };
    const log = () =>
      json<Deliveries>(h.request('GET', `/api/webhooks/${endpointId}/deliveries`, { cookie: owner }));
    expect((await log()).deliveries[0]).toMatchObject({ state: 'failing', attempts: 1, lastStatus: 500 });

    receiver.answer(200);
    await drain(); // not yet due: nothing sent
    expect(receiver.got.length).toBe(before + 1);
    await drain(11_000); // the first backoff (10 s) has passed
    expect(receiver.got.length).toBe(before + 2);
    const [first, second] = receiver.got.slice(-2);
    expect(second?.headers.get('webhook-id')).toBe(first?.headers.get('webhook-id') ?? 'missing');
    expect(second?.body).toBe(first?.body ?? 'missing');
    const delivered = (await log()).deliveries[0];
    expect(delivered).toMatchObject({ state: 'succeeded', attempts: 2, lastStatus: 200 });

    const replay = await h.request('POST', `/api/webhooks/${endpointId}/deliveries/${delivered?.id}/replay`, {
      cookie: owner,
    });
    expect(replay.status).toBe(200);
    await drain();
    expect(receiver.got.length).toBe(before + 3);
    expect(receiver.got.at(-1)?.headers.get('webhook-id')).toBe(delivered?.id ?? 'missing');
    expect((await log()).deliveries[0]).toMatchObject({ state: 'succeeded', attempts: 3 });
  });

  test("another business's endpoint is a 404, and its deliveries cannot be replayed", async () => {
    const ownerB = await h.login(h.b.users.owner.email);
    expect(
      (await h.request('GET', `/api/webhooks/${endpointId}/deliveries`, { cookie: ownerB })).status,
    ).toBe(404);
    expect(
      (await h.request('PATCH', `/api/webhooks/${endpointId}`, { cookie: ownerB, body: { enabled: false } }))
        .status,
    ).toBe(404);
  });

  test('a disabled endpoint gets nothing; creating and deleting are audited', async () => {
    await h.request('PATCH', `/api/webhooks/${endpointId}`, { cookie: owner, body: { enabled: false } });
    const before = receiver.got.length;
    await h.request('POST', '/api/leads', { cookie: owner, body: { phone: '050-777-1236' } });
    await drain();
    expect(receiver.got.length).toBe(before);
    expect((await h.request('DELETE', `/api/webhooks/${endpointId}`, { cookie: owner })).status).toBe(200);
    const actions = await h.db.withTenant(h.a.id, (tx) =>
      tx.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, endpointId)),
    );
    expect(actions.map((a) => a.action).sort()).toEqual([
      'webhook.created',
      'webhook.deleted',
      'webhook.updated',
    ]);
  });
});
