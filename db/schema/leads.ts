import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { businesses } from './businesses';
import { tenantPolicy } from './tenancy';
import { users } from './users';

/** Where a contact came from. A lead keeps its first source and its latest one. */
export const LEAD_SOURCES = ['call', 'whatsapp', 'form', 'api', 'manual'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

/**
 * A business's own pipeline. A status that any lead has or had cannot be deleted (the
 * foreign keys from leads and the history refuse it), only retired: hidden from choices.
 */
export const leadStatuses = pgTable(
  'lead_statuses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    color: text('color').notNull(),
    position: integer('position').notNull(),
    retired: boolean('retired').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Names are what people pick from; also makes creating the default set idempotent.
    unique('lead_statuses_business_name').on(t.businessId, t.name),
    tenantPolicy('lead_statuses'),
  ],
).enableRLS();

/**
 * One lead per person per business, keyed by the phone in E.164. Children (history,
 * notes, appointments, and later calls, messages, tasks) reference it without cascade,
 * so a merge that forgot to move some history fails instead of losing it.
 */
export const leads = pgTable(
  'leads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    phone: text('phone').notNull(),
    name: text('name'),
    email: text('email'),
    statusId: uuid('status_id')
      .notNull()
      .references(() => leadStatuses.id),
    source: text('source', { enum: LEAD_SOURCES }).notNull(),
    lastSource: text('last_source', { enum: LEAD_SOURCES }).notNull(),
    assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    lastContactAt: timestamp('last_contact_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The dedup rule itself: a second contact from the same number finds this row.
    unique('leads_business_phone').on(t.businessId, t.phone),
    // The lead list, newest first, paged by (created_at, id) (server/leads/page.ts).
    index('leads_business_created_idx').on(t.businessId, t.createdAt, t.id),
    // The search (server/leads/search.ts): substrings of the name, email and phone, Hebrew
    // included, through trigrams (ILIKE '%…%' and LIKE '%digits%' use them).
    index('leads_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
    index('leads_email_trgm_idx').using('gin', sql`${t.email} gin_trgm_ops`),
    index('leads_phone_trgm_idx').using('gin', sql`${t.phone} gin_trgm_ops`),
    // Filtering by status, the board by status, and the "status in use" check.
    index('leads_business_status_idx').on(t.businessId, t.statusId),
    // "My leads": filtering by assignee.
    index('leads_business_assignee_idx').on(t.businessId, t.assigneeId),
    tenantPolicy('leads'),
  ],
).enableRLS();

export const leadStatusChanges = pgTable(
  'lead_status_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    leadId: uuid('lead_id')
      .notNull()
      .references(() => leads.id),
    // Null for the first status a lead was given.
    fromStatusId: uuid('from_status_id').references(() => leadStatuses.id),
    toStatusId: uuid('to_status_id')
      .notNull()
      .references(() => leadStatuses.id),
    changedBy: uuid('changed_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A lead's timeline, and repointing on a merge.
    index('lead_status_changes_lead_idx').on(t.leadId, t.createdAt),
    // The "status in use" check before deleting a status.
    index('lead_status_changes_to_status_idx').on(t.toStatusId),
    tenantPolicy('lead_status_changes'),
  ],
).enableRLS();

export const leadNotes = pgTable(
  'lead_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    leadId: uuid('lead_id')
      .notNull()
      .references(() => leads.id),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A lead's timeline, and repointing on a merge.
    index('lead_notes_lead_idx').on(t.leadId, t.createdAt),
    // The search finds notes by a substring of their text, then their leads.
    index('lead_notes_body_trgm_idx').using('gin', sql`${t.body} gin_trgm_ops`),
    tenantPolicy('lead_notes'),
  ],
).enableRLS();
