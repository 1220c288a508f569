import { afterAll, beforeAll, expect, test } from 'bun:test';
import { verifySignature } from '../server/integrations/signing';
import { apiAs, type Dashboard, FLOW_TIMEOUT_MS, signedIn, startDashboard } from './e2e-helpers';

/**
 * The integrations page in a real browser: a webhook to a local receiver (as n8n's Webhook
 * node would be) that fails once, is retried by the job runner and is replayed from the
 * delivery log; an API key made, used with Bearer and revoked.
 */
interface Hit {
  headers: Headers;
  body: string;
  status: number;
}

function startReceiver(statuses: number[]) {
  const hits: Hit[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(req) {
      const status = statuses[hits.length] ?? 200;
      hits.push({ headers: req.headers, body: await req.text(), status });
      for (const w of waiters.filter((w) => hits.length >= w.n)) w.resolve();
      return new Response('', { status });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}/webhook/prosaas`,
    hits,
    /** Resolves once `n` requests have arrived. */
    arrived: (n: number) =>
      new Promise<void>((resolve) => (hits.length >= n ? resolve() : waiters.push({ n, resolve }))),
    stop: () => server.stop(true),
  };
}

let dashboard: Dashboard;
const receiver = startReceiver([500]);

beforeAll(async () => {
  // Short retry waits, so the test sees the runner's retry happen.
  dashboard = await startDashboard({ backoff: { baseMs: 300, maxMs: 1_000 } });
}, FLOW_TIMEOUT_MS);
afterAll(async () => {
  receiver.stop();
  await dashboard?.stop();
});

const signedBy = (secret: string, hit: Hit | undefined) =>
  !!hit &&
  verifySignature(
    secret,
    {
      id: hit.headers.get('webhook-id') ?? '',
      timestamp: hit.headers.get('webhook-timestamp') ?? '',
      signature: hit.headers.get('webhook-signature') ?? '',
    },
    hit.body,
    Math.floor(Date.now() / 1000),
  );

test('an owner adds a webhook; a new lead reaches the receiver signed, is retried after a failure, and is replayed from the log', async () => {
  const { context, page } = await signedIn(dashboard, 'owner');
  try {
    await page.goto(`${dashboard.server.url}/settings/integrations`);
    await page.getByLabel('כתובת (URL)').fill(receiver.url);
    await page.getByLabel('תיאור').fill('n8n');
    await page.getByLabel('ליד חדש').check();
    await page.getByRole('button', { name: 'הוספת כתובת' }).click();
    const secret = (await page.locator('[data-secret]').textContent()) ?? '';
    expect(secret).toStartWith('whsec_');
    await page.getByRole('button', { name: 'שמרתי, אפשר להסתיר' }).click();
    expect(await page.locator('[data-secret]').count()).toBe(0);

    const owner = await apiAs(dashboard.server, 'owner');
    await owner('POST', '/leads', { phone: '050-444-1212', name: 'ליד מ-n8n' });
    await receiver.arrived(2);
    const [failed, retried] = receiver.hits;
    expect([failed?.status, retried?.status]).toEqual([500, 200]);
    expect(signedBy(secret, failed) && signedBy(secret, retried)).toBe(true);
    expect(retried?.headers.get('webhook-id')).toBe(failed?.headers.get('webhook-id') ?? 'missing');
    expect(JSON.parse(retried?.body ?? '{}')).toMatchObject({
      type: 'lead.created',
      data: { lead: { phone: '+972504441212', name: 'ליד מ-n8n' } },
    });

    const card = page.getByRole('listitem', { name: `Webhook ${receiver.url}` });
    await card.getByRole('button', { name: 'יומן משלוחים' }).click();
    const log = card.getByRole('list', { name: 'יומן משלוחים' });
    await log.getByText('נמסר').waitFor();
    expect(await log.textContent()).toContain('ניסיונות: 2');
    await log.getByRole('button', { name: 'שליחה חוזרת של ליד חדש' }).click();
    await receiver.arrived(3);
    expect(receiver.hits[2]?.headers.get('webhook-id')).toBe(failed?.headers.get('webhook-id') ?? 'missing');
    expect(signedBy(secret, receiver.hits[2])).toBe(true);
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS);

test('an API key made on the page works with Bearer, shows its last use, and stops working once revoked', async () => {
  const { context, page } = await signedIn(dashboard, 'owner');
  try {
    await page.goto(`${dashboard.server.url}/settings/integrations`);
    await page.getByLabel('שם המפתח').fill('Zapier');
    await page.getByRole('button', { name: 'יצירת מפתח' }).click();
    const key = (await page.locator('[data-secret]').textContent()) ?? '';
    expect(key).toStartWith('psk_');
    const use = () =>
      fetch(`${dashboard.server.url}/api/leads`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.status);
    expect(await use()).toBe(200);

    await page.reload();
    const row = page.getByRole('listitem', { name: 'מפתח Zapier' });
    expect(await row.textContent()).not.toContain('עדיין לא');
    await row.getByRole('button', { name: 'ביטול המפתח' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'ביטול המפתח' }).click();
    await row.getByText('בוטל').waitFor();
    expect(await use()).toBe(401);
  } finally {
    await context.close();
  }
}, FLOW_TIMEOUT_MS);
