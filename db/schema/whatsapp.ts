import { sql } from 'drizzle-orm';
import {
  check,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { businesses } from './businesses';
import { leads } from './leads';
import { tenantPolicy } from './tenancy';

export const WHATSAPP_PROVIDERS = ['meta', 'baileys'] as const;
export type WhatsAppProvider = (typeof WHATSAPP_PROVIDERS)[number];

/**
 * not_connected: chosen but never linked; pairing: a Baileys QR code is waiting to be
 * scanned; connected; disconnected: it was linked and dropped (needs someone to act).
 */
export const WHATSAPP_STATUSES = ['not_connected', 'pairing', 'connected', 'disconnected'] as const;
export type WhatsAppStatus = (typeof WHATSAPP_STATUSES)[number];

/**
 * A business's own WhatsApp: which provider carries it and how to reach it. Secrets are
 * sealed with the business id bound (server/lib/secrets.ts): a copied row does not open.
 */
export const whatsappChannels = pgTable(
  'whatsapp_channels',
  {
    businessId: uuid('business_id')
      .primaryKey()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    provider: text('provider', { enum: WHATSAPP_PROVIDERS }).notNull(),
    status: text('status', { enum: WHATSAPP_STATUSES }).notNull().default('not_connected'),
    /** Why it is not connected (a Baileys disconnect code, a Graph API error), for the dashboard. */
    statusReason: text('status_reason'),
    statusChangedAt: timestamp('status_changed_at', { withTimezone: true }).notNull().defaultNow(),
    /** The business's WhatsApp number, E.164, once known. */
    phoneNumber: text('phone_number'),
    /** Meta Cloud API: the sending phone number's id, and a sealed system-user access token. */
    metaPhoneNumberId: text('meta_phone_number_id'),
    metaAccessTokenSealed: text('meta_access_token_sealed'),
    /**
     * Meta allows free text only within 24 hours of the customer's last message; reminders
     * go out as this approved template (body parameters: business name, time) when set.
     */
    metaReminderTemplate: text('meta_reminder_template'),
    metaTemplateLanguage: text('meta_template_language').notNull().default('he'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'whatsapp_channels_status_known',
      sql`${t.status} in ('not_connected', 'pairing', 'connected', 'disconnected')`,
    ),
    check(
      'whatsapp_channels_meta_complete',
      sql`${t.provider} <> 'meta' or (${t.metaPhoneNumberId} is not null and ${t.metaAccessTokenSealed} is not null)`,
    ),
    // Inbound webhooks name the phone number id: it identifies one business.
    uniqueIndex('whatsapp_channels_meta_phone_number_id').on(t.metaPhoneNumberId),
    tenantPolicy('whatsapp_channels'),
  ],
).enableRLS();

/**
 * Baileys' authentication state (its `creds` and every signal key type), sealed, one row
 * per key. Kept in the database rather than files so a new machine resumes the session.
 */
export const whatsappAuthKeys = pgTable(
  'whatsapp_auth_keys',
  {
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    /** 'creds', or a Baileys SignalDataTypeMap key type ('pre-key', 'session', 'lid-mapping', …). */
    type: text('type').notNull(),
    keyId: text('key_id').notNull(),
    valueSealed: text('value_sealed').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.businessId, t.type, t.keyId] }), tenantPolicy('whatsapp_auth_keys')],
).enableRLS();

/**
 * Customers' messages as they arrived, one row per provider message id: the record that a
 * message was received (a replayed webhook or a re-delivery finds its row and is ignored)
 * and the incoming half of the lead's conversation (the outgoing half is outbox_messages).
 */
export const inboundMessages = pgTable(
  'inbound_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    /** The sender's lead (null only when the sender's number is not a phone number). */
    leadId: uuid('lead_id').references(() => leads.id),
    provider: text('provider', { enum: WHATSAPP_PROVIDERS }).notNull(),
    providerMessageId: text('provider_message_id').notNull(),
    /** E.164. */
    fromPhone: text('from_phone').notNull(),
    /** Null for anything but text (a photo, a voice note, a sticker…). */
    body: text('body'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('inbound_messages_business_message').on(t.businessId, t.providerMessageId),
    index('inbound_messages_lead_idx').on(t.leadId, t.receivedAt),
    tenantPolicy('inbound_messages'),
  ],
).enableRLS();
