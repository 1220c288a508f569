import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { businesses } from './businesses';
import { whatsappConversations } from './conversations';
import { leads } from './leads';
import { tenantPolicy } from './tenancy';

/**
 * How long before an appointment its reminders go out; 0 turns that reminder off. A
 * business without a row uses the defaults (server/reminders/settings.ts).
 */
export const reminderSettings = pgTable(
  'reminder_settings',
  {
    businessId: uuid('business_id')
      .primaryKey()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    customerHoursBefore: integer('customer_hours_before').notNull(),
    staffHoursBefore: integer('staff_hours_before').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'reminder_settings_hours_range',
      sql`${t.customerHoursBefore} between 0 and 168 and ${t.staffHoursBefore} between 0 and 168`,
    ),
    tenantPolicy('reminder_settings'),
  ],
).enableRLS();

export const OUTBOX_CHANNELS = ['whatsapp'] as const;
export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number];
export const OUTBOX_STATUSES = ['pending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * Messages to customers waiting to be delivered over the business's own channel. Written
 * by the messaging port (appointment reminders now); the WhatsApp issue delivers the
 * pending rows and marks them sent or failed.
 */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: OUTBOX_CHANNELS }).notNull(),
    /** E.164. */
    toPhone: text('to_phone').notNull(),
    /** The lead with that phone when it was queued: the message is on the lead's timeline. */
    leadId: uuid('lead_id').references(() => leads.id),
    body: text('body').notNull(),
    /** The WhatsApp conversation it went to, when it is part of one (replies, staff messages). */
    conversationId: uuid('conversation_id').references(() => whatsappConversations.id, {
      onDelete: 'set null',
    }),
    /** A staff member's message: who wrote it (null: the assistant or a reminder). */
    senderUserId: uuid('sender_user_id'),
    senderName: text('sender_name'),
    /** A template picked by name (a staff message outside the 24-hour window). */
    templateName: text('template_name'),
    templateLanguage: text('template_language'),
    /** Meta's statuses after sending: delivered to the phone, read by the customer. */
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    readAt: timestamp('read_at', { withTimezone: true }),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    // What caused it (a reminder of one appointment at one time): written once.
    dedupeKey: text('dedupe_key').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** The provider's id for the sent message (a wamid), once sent. */
    providerMessageId: text('provider_message_id'),
    /**
     * For a channel that only allows templates outside the customer's 24-hour window
     * (Meta): the template's body parameters, in order. The body is the text otherwise.
     */
    templateParams: jsonb('template_params').$type<string[]>(),
    /** Not worth sending after this (a reminder once its appointment began): marked failed. */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    check('outbox_messages_status_known', sql`${t.status} in ('pending', 'sent', 'failed')`),
    unique('outbox_messages_business_dedupe').on(t.businessId, t.dedupeKey),
    // The sender's queue: pending messages, oldest first.
    index('outbox_messages_pending_idx').on(t.createdAt).where(sql`${t.status} = 'pending'`),
    index('outbox_messages_lead_idx').on(t.leadId, t.createdAt),
    index('outbox_messages_conversation_idx').on(t.conversationId, t.createdAt),
    // The WhatsApp page's list of outgoing messages, newest first, paged by (created_at, id).
    index('outbox_messages_business_created_idx').on(t.businessId, t.createdAt, t.id),
    // Its counts by status (capped), and a list of one status.
    index('outbox_messages_business_status_idx').on(t.businessId, t.status, t.createdAt),
    // Retention: sent messages whose delivery payload is still kept (server/retention/).
    index('outbox_messages_sent_payload_idx')
      .on(t.businessId, t.sentAt)
      .where(sql`${t.status} = 'sent' and ${t.templateParams} is not null`),
    // Meta's status webhooks name the sent message by its wamid.
    index('outbox_messages_provider_message_idx')
      .on(t.providerMessageId)
      .where(sql`${t.providerMessageId} is not null`),
    tenantPolicy('outbox_messages'),
  ],
).enableRLS();
