import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { businesses } from './businesses';
import { tenantPolicy } from './tenancy';
import { users } from './users';

/** What a business's own systems (n8n, Zapier, a CRM) can be told about, by webhook. */
export const WEBHOOK_EVENTS = [
  'lead.created',
  'lead.updated',
  'appointment.booked',
  'appointment.rescheduled',
  'appointment.cancelled',
  'call.completed',
  'whatsapp.message.received',
  'whatsapp.disconnected',
  'task.assigned',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/**
 * A business's outbound webhook: where to POST which events. The signing secret
 * (Standard Webhooks, `whsec_…`) is shown once and kept sealed with the business's key.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    events: text('events').array().$type<WebhookEvent[]>().notNull(),
    secretSealed: text('secret_sealed').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhook_endpoints_business_idx').on(t.businessId), tenantPolicy('webhook_endpoints')],
).enableRLS();

export const DELIVERY_STATES = ['pending', 'succeeded', 'failing', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/**
 * One event for one endpoint: its payload as first sent (replays send the same bytes under
 * the same webhook-id, so a receiver dedupes), and the outcome of the latest attempt.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    /** The domain event's id: a retried event job delivers once per endpoint. */
    eventId: text('event_id').notNull(),
    eventType: text('event_type').$type<WebhookEvent>().notNull(),
    /** The exact body sent, as text, so every attempt signs the same bytes. */
    body: text('body').notNull(),
    state: text('state', { enum: DELIVERY_STATES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    /** Replays of this delivery so far (each is a new job). */
    replays: integer('replays').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('webhook_deliveries_endpoint_event').on(t.endpointId, t.eventId),
    // The delivery log of one endpoint, newest first.
    index('webhook_deliveries_endpoint_created_idx').on(t.endpointId, t.createdAt),
    tenantPolicy('webhook_deliveries'),
  ],
).enableRLS();

/**
 * A business's key for its own tools: `Authorization: Bearer psk_…` on the API. Only a
 * SHA-256 of the key is kept (the key is 32 random bytes, so a slow hash adds nothing);
 * the prefix identifies it in the list. It acts with its role, on behalf of its creator.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    role: text('role', { enum: ['admin', 'agent'] }).notNull(),
    prefix: text('prefix').notNull(),
    hash: text('hash').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The lookup on every API request with a key.
    unique('api_keys_hash').on(t.hash),
    index('api_keys_business_idx').on(t.businessId).where(sql`${t.revokedAt} is null`),
    tenantPolicy('api_keys'),
  ],
).enableRLS();

export type WebhookPayload = { type: WebhookEvent; timestamp: string; data: Record<string, unknown> };
