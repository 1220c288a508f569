import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { businesses } from './businesses';
import { whatsappConversations } from './conversations';
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

export interface WhatsAppTemplate {
  name: string;
  language: string;
  /** The body as approved, with {{1}}, {{2}}… for its parameters. */
  body: string;
}

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
    /**
     * Baileys: the liveness session (server/db/liveness.ts) of the process whose socket serves
     * this business; one owner at a time (server/whatsapp/baileys/ownership.ts).
     */
    ownerSession: text('owner_session'),
    /** Baileys: the QR code to scan while pairing (any process's dashboard route shows it); null otherwise. */
    pairingQr: text('pairing_qr'),
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
    /** The conversation it belongs to (null only for rows written before conversations). */
    conversationId: uuid('conversation_id').references(() => whatsappConversations.id, {
      onDelete: 'cascade',
    }),
    /** E.164; null for a username customer whose number is hidden. */
    fromPhone: text('from_phone'),
    /** The sender's user id (Meta's BSUID, a Baileys LID), when given. */
    fromUserId: text('from_user_id'),
    /** In a group: the participant's name or number. */
    senderName: text('sender_name'),
    /**
     * text, image, audio, voice, video, document, sticker, location, contacts, interactive,
     * button, reaction, system, unsupported.
     */
    kind: text('kind').notNull().default('text'),
    /** What the assistant reads: the text, the caption, the tapped title, a transcript. */
    body: text('body'),
    /** The kind's own data: a location, contact cards, the reacted message, a media's id. */
    details: jsonb('details').$type<Record<string, unknown>>(),
    /** A photo, file or voice note's bytes in the media store, once fetched. */
    mediaKey: text('media_key'),
    mediaMime: text('media_mime'),
    mediaBytes: integer('media_bytes'),
    /** pending, stored, too_large, failed. */
    mediaStatus: text('media_status'),
    /** A voice note's words, and whether they were had (pending, done, failed). */
    transcript: text('transcript'),
    transcriptStatus: text('transcript_status'),
    /** assistant: queued for an answer; paused: recorded only (staff have it); none: not a message to answer. */
    handling: text('handling').notNull().default('assistant'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('inbound_messages_business_message').on(t.businessId, t.providerMessageId),
    index('inbound_messages_lead_idx').on(t.leadId, t.receivedAt),
    // Incoming messages of the business, newest first, paged by (received_at, id).
    index('inbound_messages_business_received_idx').on(t.businessId, t.receivedAt, t.id),
    index('inbound_messages_conversation_idx').on(t.conversationId, t.receivedAt),
    tenantPolicy('inbound_messages'),
  ],
).enableRLS();

/**
 * The business's inbox settings (a business without a row uses the defaults): the approved
 * templates staff may send outside the 24-hour window (name, language, and the body with
 * {{1}}… where its parameters go), and how long after the last staff reply the assistant
 * answers a paused conversation again (null: never). Kept apart from the link, so unlinking
 * and re-linking WhatsApp keeps them.
 */
export const whatsappInboxSettings = pgTable(
  'whatsapp_inbox_settings',
  {
    businessId: uuid('business_id')
      .primaryKey()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    templates: jsonb('templates').$type<WhatsAppTemplate[]>().notNull().default([]),
    aiResumeAfterMinutes: integer('ai_resume_after_minutes'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  () => [tenantPolicy('whatsapp_inbox_settings')],
).enableRLS();
