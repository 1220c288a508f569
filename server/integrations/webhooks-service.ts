/** A business's webhook endpoints and their delivery log (owners and system admins). */
import { and, desc, eq, sql } from 'drizzle-orm';
import { type WebhookEvent, webhookDeliveries, webhookEndpoints } from '../../db/schema';
import { recordAudit } from '../audit/service';
import { NotFoundError, ValidationError } from '../lib/errors';
import { isUuid } from '../lib/ids';
import type { SecretBox } from '../lib/secrets';
import { actorAudit, inBusiness, type ServiceContext } from '../tenancy/scope';
import { enqueueDelivery } from './on-event';
import { newWebhookSecret } from './signing';
import { type Resolve, targetProblem } from './ssrf';

export interface WebhookServiceDeps {
  box: SecretBox;
  production: boolean;
  resolve?: Resolve;
}

export interface EndpointInput {
  url: string;
  description?: string;
  events: WebhookEvent[];
}

type EndpointRow = typeof webhookEndpoints.$inferSelect;
const view = (e: EndpointRow) => ({
  id: e.id,
  url: e.url,
  description: e.description,
  events: e.events,
  enabled: e.enabled,
  createdAt: e.createdAt.toISOString(),
});
export type EndpointView = ReturnType<typeof view>;

async function checkUrl(deps: WebhookServiceDeps, url: string) {
  const problem = await targetProblem(url, { production: deps.production, resolve: deps.resolve });
  if (problem) throw new ValidationError({ url: problem });
}

export function listEndpoints(ctx: ServiceContext, businessId: string | undefined) {
  return inBusiness(ctx, businessId, 'webhooks.list', async (tx) =>
    (await tx.select().from(webhookEndpoints).orderBy(webhookEndpoints.createdAt)).map(view),
  );
}

/** Creates an endpoint; the answer carries its signing secret, which is never shown again. */
export async function createEndpoint(
  ctx: ServiceContext,
  deps: WebhookServiceDeps,
  businessId: string | undefined,
  input: EndpointInput,
): Promise<{ endpoint: EndpointView; secret: string }> {
  await checkUrl(deps, input.url);
  return inBusiness(ctx, businessId, 'webhooks.create', async (tx, bid) => {
    const secret = newWebhookSecret();
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({
        businessId: bid,
        url: input.url,
        description: input.description ?? '',
        events: [...new Set(input.events)],
        secretSealed: await deps.box.seal(secret, bid),
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, {
      businessId: bid,
      action: 'webhook.created',
      targetType: 'webhook_endpoint',
      targetId: row.id,
      details: { url: row.url, events: row.events },
      ...actorAudit(ctx.actor),
    });
    return { endpoint: view(row), secret };
  });
}

export async function updateEndpoint(
  ctx: ServiceContext,
  deps: WebhookServiceDeps,
  businessId: string | undefined,
  id: string,
  input: Partial<EndpointInput> & { enabled?: boolean },
): Promise<EndpointView> {
  if (!isUuid(id)) throw new NotFoundError('Webhook');
  if (input.url !== undefined) await checkUrl(deps, input.url);
  return inBusiness(ctx, businessId, 'webhooks.update', async (tx, bid) => {
    const [row] = await tx
      .update(webhookEndpoints)
      .set({
        url: input.url,
        description: input.description,
        events: input.events ? [...new Set(input.events)] : undefined,
        enabled: input.enabled,
      })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    if (!row) throw new NotFoundError('Webhook');
    await recordAudit(tx, {
      businessId: bid,
      action: 'webhook.updated',
      targetType: 'webhook_endpoint',
      targetId: id,
      details: { ...input },
      ...actorAudit(ctx.actor),
    });
    return view(row);
  });
}

export function deleteEndpoint(
  ctx: ServiceContext,
  businessId: string | undefined,
  id: string,
): Promise<void> {
  if (!isUuid(id)) throw new NotFoundError('Webhook');
  return inBusiness(ctx, businessId, 'webhooks.delete', async (tx, bid) => {
    const gone = await tx
      .delete(webhookEndpoints)
      .where(eq(webhookEndpoints.id, id))
      .returning({ url: webhookEndpoints.url });
    if (gone.length === 0) throw new NotFoundError('Webhook');
    await recordAudit(tx, {
      businessId: bid,
      action: 'webhook.deleted',
      targetType: 'webhook_endpoint',
      targetId: id,
      details: { url: gone[0]?.url },
      ...actorAudit(ctx.actor),
    });
  });
}

/** The endpoint's latest 50 deliveries, newest first, with each one's body as sent. */
export function listDeliveries(ctx: ServiceContext, businessId: string | undefined, endpointId: string) {
  if (!isUuid(endpointId)) throw new NotFoundError('Webhook');
  return inBusiness(ctx, businessId, 'webhooks.deliveries', async (tx) => {
    const [endpoint] = await tx
      .select({ id: webhookEndpoints.id })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, endpointId));
    if (!endpoint) throw new NotFoundError('Webhook');
    const rows = await tx
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpointId))
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(50);
    return rows.map((d) => ({
      id: d.id,
      eventType: d.eventType,
      state: d.state,
      attempts: d.attempts,
      lastStatus: d.lastStatus,
      lastError: d.lastError,
      lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
      replays: d.replays,
      createdAt: d.createdAt.toISOString(),
      body: d.body,
    }));
  });
}

/** Sends a delivery again (same webhook-id and body, a fresh signature and attempts). */
export function replayDelivery(
  ctx: ServiceContext,
  businessId: string | undefined,
  endpointId: string,
  deliveryId: string,
) {
  if (!isUuid(endpointId) || !isUuid(deliveryId)) throw new NotFoundError('Delivery');
  return inBusiness(ctx, businessId, 'webhooks.replay', async (tx, bid) => {
    const [row] = await tx
      .update(webhookDeliveries)
      .set({ state: 'pending', replays: sql`${webhookDeliveries.replays} + 1` })
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpointId)))
      .returning({ id: webhookDeliveries.id, replays: webhookDeliveries.replays });
    if (!row) throw new NotFoundError('Delivery');
    await enqueueDelivery(tx, bid, row.id, row.replays);
    await recordAudit(tx, {
      businessId: bid,
      action: 'webhook.replayed',
      targetType: 'webhook_delivery',
      targetId: row.id,
      ...actorAudit(ctx.actor),
    });
    return { id: row.id, state: 'pending' as const };
  });
}
