/**
 * The `webhook.deliver` job: POSTs one delivery's body, signed, to its endpoint. Detached
 * (the network wait is outside any transaction); each attempt's outcome is written to the
 * delivery before a failure is thrown, so the runner retries it with its backoff until the
 * job's attempts run out (then the delivery reads `failed` and can be replayed by hand).
 * A 2xx is success; anything else, a redirect included (never followed), a timeout or a
 * refused address is a failure.
 */
import { eq, sql } from 'drizzle-orm';
import { webhookDeliveries, webhookEndpoints } from '../../db/schema';
import type { Database } from '../db/database';
import type { DetachedJob } from '../jobs/runner';
import type { Logger } from '../lib/logger';
import type { SecretBox } from '../lib/secrets';
import { signedHeaders } from './signing';
import { type Resolve, targetProblem } from './ssrf';

export interface WebhookDeliveryDeps {
  db: Database;
  box: SecretBox;
  log: Logger;
  production: boolean;
  resolve?: Resolve;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Raised to make the runner retry; its message is the job's last error. */
class DeliveryFailed extends Error {}

export function webhookDeliverJob(deps: WebhookDeliveryDeps): DetachedJob {
  const send = deps.fetch ?? fetch;
  const timeoutMs = deps.timeoutMs ?? 10_000;
  return {
    async detached(job, now) {
      const businessId = job.businessId;
      const deliveryId = String(job.payload.deliveryId ?? '');
      if (!businessId) throw new Error('a webhook delivery needs a business');
      const found = await deps.db.withTenant(businessId, async (tx) => {
        const [row] = await tx
          .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints })
          .from(webhookDeliveries)
          .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
          .where(eq(webhookDeliveries.id, deliveryId));
        return row;
      });
      if (!found) return; // the endpoint was deleted: nothing left to send to
      const { delivery, endpoint } = found;
      if (!endpoint.enabled) return;

      let status: number | null = null;
      let error: string | null = null;
      const problem = await targetProblem(endpoint.url, {
        production: deps.production,
        resolve: deps.resolve,
      });
      if (problem) {
        error = `target refused: ${problem}`;
      } else {
        const secret = await deps.box.open(endpoint.secretSealed, businessId);
        const headers = signedHeaders(secret, delivery.id, Math.floor(now.getTime() / 1000), delivery.body);
        try {
          const res = await send(endpoint.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'user-agent': 'ProSaaS-Webhooks/1', ...headers },
            body: delivery.body,
            redirect: 'manual',
            signal: AbortSignal.timeout(timeoutMs),
          });
          status = res.status;
          await res.body?.cancel();
          if (status < 200 || status >= 300) error = `receiver answered ${status}`;
        } catch (err) {
          error =
            err instanceof Error && err.name === 'TimeoutError'
              ? `no answer in ${timeoutMs} ms`
              : String(err);
        }
      }
      const lastAttempt = job.attempts >= job.maxAttempts;
      await deps.db.withTenant(businessId, (tx) =>
        tx
          .update(webhookDeliveries)
          .set({
            state: error ? (lastAttempt ? 'failed' : 'failing') : 'succeeded',
            attempts: sql`${webhookDeliveries.attempts} + 1`,
            lastStatus: status,
            lastError: error?.slice(0, 500) ?? null,
            lastAttemptAt: now,
          })
          .where(eq(webhookDeliveries.id, delivery.id)),
      );
      if (error) {
        deps.log.warn(
          { deliveryId: delivery.id, endpointId: endpoint.id, status, err: error },
          'webhook attempt failed',
        );
        throw new DeliveryFailed(error);
      }
    },
  };
}
