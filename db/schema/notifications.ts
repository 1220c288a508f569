import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { businesses } from './businesses';
import { tenantPolicy } from './tenancy';
import { users } from './users';

export const NOTIFICATION_KINDS = [
  'task_assigned',
  'task_due',
  'lead_created',
  'appointment_booked',
  'appointment_cancelled',
  'appointment_reminder',
  'whatsapp_disconnected',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * What one user of a business is told. Row-level security confines rows to the business;
 * the service filters by user, so nobody ever reads a colleague's notifications.
 * `dedupeKey` names the event that caused it: a retried job never notifies twice.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    /** Hebrew, ready to show. */
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    /** The dashboard path it opens, if any. */
    link: text('link'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    dedupeKey: text('dedupe_key').notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Idempotent delivery: one notification per user per causing event.
    unique('notifications_user_dedupe').on(t.userId, t.dedupeKey),
    // A user's list, newest first, paged by (created_at, id).
    index('notifications_user_created_idx').on(t.userId, t.createdAt, t.id),
    // Retention: a business's notifications read before a date (server/retention/).
    index('notifications_business_read_idx').on(t.businessId, t.readAt).where(sql`${t.readAt} is not null`),
    // The unread count in the bell, read on every page load.
    index('notifications_user_unread_idx').on(t.userId).where(sql`${t.readAt} is null`),
    tenantPolicy('notifications'),
  ],
).enableRLS();
