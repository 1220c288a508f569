import { expect, test } from 'bun:test';
import { createLogger } from '../lib/logger';
import { createSecretBox } from '../lib/secrets';
import { rejected } from '../test/settle';
import { webhookDeliverJob } from './deliver';

test('in production a delivery to a loopback target is refused before any request is made', async () => {
  let requested = 0;
  const updates: unknown[] = [];
  const row = {
    delivery: { id: 'd1', body: '{}' },
    endpoint: { id: 'e1', url: 'https://127.0.0.1/hook', enabled: true, secretSealed: '' },
  };
  // A database that answers the delivery's row and records the outcome.
  const tx = {
    select: () => ({ from: () => ({ innerJoin: () => ({ where: async () => [row] }) }) }),
    update: () => ({ set: (v: unknown) => ({ where: async () => updates.push(v) }) }),
  };
  const db = { withTenant: (_: string, fn: (t: typeof tx) => unknown) => fn(tx) } as never;
  const job = webhookDeliverJob({
    db,
    box: await createSecretBox(Buffer.alloc(32).toString('base64')),
    log: createLogger('silent'),
    production: true,
    fetch: (async () => {
      requested++;
      return new Response('ok');
    }) as unknown as typeof fetch,
  });
  const jobRow = { businessId: 'b1', payload: { deliveryId: 'd1' }, attempts: 1, maxAttempts: 8 } as never;
  expect(await rejected(job.detached(jobRow, new Date()))).toThrow(
    'target refused: must not be a local or internal address',
  );
  expect(requested).toBe(0);
  expect(updates).toMatchObject([
    { state: 'failing', lastError: 'target refused: must not be a local or internal address' },
  ]);
});
