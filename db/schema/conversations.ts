import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { businesses } from './businesses';
import { leads } from './leads';
import { tenantPolicy } from './tenancy';

export const AI_STATES = ['on', 'paused'] as const;
export type AiState = (typeof AI_STATES)[number];

/**
 * One WhatsApp conversation per contact per business, whichever provider carried it: the
 * inbox's row. A contact is known by their number (E.164), their user id (Meta's
 * business-scoped user id for a username customer, a Baileys LID), or both; each of the two
 * finds at most one conversation. A group is a conversation of its own (recorded, never
 * answered). Counters and the last message are kept here as messages are recorded, so the
 * inbox lists without aggregating.
 */
export const whatsappConversations = pgTable(
  'whatsapp_conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    provider: text('provider', { enum: ['meta', 'baileys'] }).notNull(),
    /** E.164, when known (a username customer may hide it). */
    contactPhone: text('contact_phone'),
    /** Meta's BSUID (from_user_id) or a Baileys LID, when known. */
    contactUserId: text('contact_user_id'),
    /** A group's id: the conversation is the group's, not one person's. */
    groupId: text('group_id'),
    /** The profile name (or username) WhatsApp gave last. */
    contactName: text('contact_name'),
    leadId: uuid('lead_id').references(() => leads.id, { onDelete: 'set null' }),
    unreadCount: integer('unread_count').notNull().default(0),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }),
    lastMessagePreview: text('last_message_preview'),
    /** in: the customer wrote last (unanswered); out: we did. */
    lastDirection: text('last_direction', { enum: ['in', 'out'] }),
    /** The customer's last message: Meta's 24-hour free-text window runs from it. */
    lastInboundAt: timestamp('last_inbound_at', { withTimezone: true }),
    aiState: text('ai_state', { enum: AI_STATES }).notNull().default('on'),
    aiChangedAt: timestamp('ai_changed_at', { withTimezone: true }),
    /** Who paused (or resumed) it; null: the system (a resume after the quiet time). */
    aiChangedByUserId: uuid('ai_changed_by_user_id'),
    aiChangedByName: text('ai_changed_by_name'),
    /** Why: 'staff_reply', 'manual', 'needs_human', or a person's words. */
    aiReason: text('ai_reason'),
    /** A paused conversation resumes at the first customer message after this; null: never. */
    aiResumeAt: timestamp('ai_resume_at', { withTimezone: true }),
    needsHuman: boolean('needs_human').notNull().default(false),
    needsHumanReason: text('needs_human_reason'),
    needsHumanAt: timestamp('needs_human_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('whatsapp_conversations_ai_state_known', sql`${t.aiState} in ('on', 'paused')`),
    check(
      'whatsapp_conversations_has_contact',
      sql`${t.contactPhone} is not null or ${t.contactUserId} is not null or ${t.groupId} is not null`,
    ),
    uniqueIndex('whatsapp_conversations_phone')
      .on(t.businessId, t.contactPhone)
      .where(sql`${t.contactPhone} is not null and ${t.groupId} is null`),
    uniqueIndex('whatsapp_conversations_user')
      .on(t.businessId, t.contactUserId)
      .where(sql`${t.contactUserId} is not null and ${t.groupId} is null`),
    uniqueIndex('whatsapp_conversations_group')
      .on(t.businessId, t.groupId)
      .where(sql`${t.groupId} is not null`),
    // The inbox: newest conversation first, paged by (last_message_at, id). In the list's own
    // order: the list puts conversations without a message last, which an ascending index read
    // backwards (nulls first) cannot give, and PostgreSQL sorted every conversation of the
    // business instead (EXPLAIN at 100,000: a sort of all of them, 168 ms, against 0.2 ms).
    index('whatsapp_conversations_recent_idx').on(
      t.businessId,
      t.lastMessageAt.desc().nullsLast(),
      t.id.desc().nullsFirst(),
    ),
    index('whatsapp_conversations_lead_idx').on(t.leadId),
    // The overview: conversations the customer wrote in during a period (server/overview).
    index('whatsapp_conversations_inbound_idx').on(t.businessId, t.lastInboundAt),
    tenantPolicy('whatsapp_conversations'),
  ],
).enableRLS();
