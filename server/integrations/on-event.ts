/**
 * Fans a domain event out to the business's webhook endpoints that chose it: one delivery
 * row per endpoint (unique on the event, so a retried event job adds none) and one
 * `webhook.deliver` job each. Runs in the event job's transaction.
 */
import { and, eq } from 'drizzle-orm';
import { WEBHOOK_EVENTS, type WebhookEvent, webhookDeliveries, webhookEndpoints } from '../../db/schema';
import type { EventSubscriber } from '../events/events';
import { enqueueJob } from '../jobs/queue';
import { payloadData } from './payloads';

export const WEBHOOK_DELIVER_JOB = 'webhook.deliver';
/** Attempts per delivery (the first and 7 retries, 10 s doubling to ~21 min). */
export const WEBHOOK_ATTEMPTS = 8;

const isWebhookEvent = (type: string): type is WebhookEvent =>
  (WEBHOOK_EVENTS as readonly string[]).includes(type);

export const webhooksOnEvent: EventSubscriber = async (tx, e, now) => {
  if (!isWebhookEvent(e.type)) return;
  const endpoints = await tx
    .select({ id: webhookEndpoints.id, events: webhookEndpoints.events })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.businessId, e.businessId), eq(webhookEndpoints.enabled, true)));
  const chosen = endpoints.filter((ep) => ep.events.includes(e.type as WebhookEvent));
  if (chosen.length === 0) return;
  const data = await payloadData(tx, e);
  if (!data) return;
  const body = JSON.stringify({ type: e.type, timestamp: now.toISOString(), data });
  for (const endpoint of chosen) {
    const [delivery] = await tx
      .insert(webhookDeliveries)
      .values({
        businessId: e.businessId,
        endpointId: endpoint.id,
        eventId: e.eventId,
        eventType: e.type,
        body,
      })
      .onConflictDoNothing({ target: [webhookDeliveries.endpointId, webhookDeliveries.eventId] })
      .returning({ id: webhookDeliveries.id });
    if (delivery) await enqueueDelivery(tx, e.businessId, delivery.id, 0);
  }
};

/** The job for one (re)sending of a delivery; `replay` 0 is the original. */
export function enqueueDelivery(
  tx: Parameters<EventSubscriber>[0],
  businessId: string,
  deliveryId: string,
  replay: number,
) {
  return enqueueJob(tx, {
    kind: WEBHOOK_DELIVER_JOB,
    businessId,
    payload: { deliveryId },
    uniqueKey: `${WEBHOOK_DELIVER_JOB}:${deliveryId}:${replay}`,
    maxAttempts: WEBHOOK_ATTEMPTS,
  });
}
