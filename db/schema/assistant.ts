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
  uuid,
} from 'drizzle-orm/pg-core';
import { businesses } from './businesses';
import { tenantPolicy } from './tenancy';
import { users } from './users';

/** The channels an assistant speaks on; prompts and FAQ entries are per channel. */
export const ASSISTANT_CHANNELS = ['voice', 'whatsapp'] as const;
export type AssistantChannel = (typeof ASSISTANT_CHANNELS)[number];

/** Grammatical gender of the assistant's first person ("אני שמח" / "אני שמחה"). */
export const ASSISTANT_PERSONAS = ['masculine', 'feminine'] as const;
export type AssistantPersona = (typeof ASSISTANT_PERSONAS)[number];

/**
 * Who the assistant is and what it knows about the business. One row per business that
 * saved one; a business without a row gets the defaults (server/agent/assistant/profile.ts).
 */
export const assistantProfiles = pgTable(
  'assistant_profiles',
  {
    businessId: uuid('business_id')
      .primaryKey()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    assistantName: text('assistant_name').notNull(),
    introduction: text('introduction').notNull(),
    greeting: text('greeting').notNull(),
    // One voice on every channel that speaks; a male voice unless the business changes it.
    voice: text('voice').notNull(),
    persona: text('persona', { enum: ASSISTANT_PERSONAS }).notNull(),
    language: text('language').notNull(),
    address: text('address').notNull(),
    hoursText: text('hours_text').notNull(),
    services: text('services').notNull(),
    prices: text('prices').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  () => [tenantPolicy('assistant_profiles')],
).enableRLS();

/**
 * Every saved version of a channel's prompt, append-only: the current prompt is the highest
 * version. A rollback is a new version copying an old one (`copiedFrom`), so history never
 * changes under anyone's feet.
 */
export const assistantPrompts = pgTable(
  'assistant_prompts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: ASSISTANT_CHANNELS }).notNull(),
    version: integer('version').notNull(),
    body: text('body').notNull(),
    copiedFrom: integer('copied_from'),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    /**
     * The author's name when saved: a system admin's user row is outside the business's
     * row-level security scope, and a deleted user's row is gone, yet the history names them.
     */
    authorName: text('author_name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('assistant_prompts_version_positive', sql`${t.version} > 0`),
    // One row per version; also serves "the latest version of a channel" (max version).
    unique('assistant_prompts_business_channel_version').on(t.businessId, t.channel, t.version),
    tenantPolicy('assistant_prompts'),
  ],
).enableRLS();

/** Questions the assistant answers the business's way, on the channels listed. */
export const faqs = pgTable(
  'faqs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    question: text('question').notNull(),
    answer: text('answer').notNull(),
    channels: jsonb('channels').$type<AssistantChannel[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Loading a business's FAQ set to build its index.
    index('faqs_business_idx').on(t.businessId, t.createdAt),
    tenantPolicy('faqs'),
  ],
).enableRLS();

export interface MemoryTurn {
  role: 'user' | 'assistant';
  channel: AssistantChannel;
  text: string;
  /** ISO, UTC. */
  at: string;
}

/**
 * What the assistant remembers of one person (E.164 phone) across calls and messages: the
 * last turns and a rolling summary of older ones, both bounded (server/agent/memory.ts).
 * Keyed by phone rather than lead, so it survives lead merges and exists before any lead.
 */
export const conversationMemory = pgTable(
  'conversation_memory',
  {
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    phone: text('phone').notNull(),
    turns: jsonb('turns').$type<MemoryTurn[]>().notNull(),
    summary: text('summary').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.businessId, t.phone] }), tenantPolicy('conversation_memory')],
).enableRLS();
