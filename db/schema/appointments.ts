import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { businesses } from './businesses';
import { leads } from './leads';
import { tenantPolicy } from './tenancy';
import { users } from './users';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
/** Local wall-clock ranges, 'HH:MM' (end may be '24:00'), sorted and not overlapping. */
export type WeeklyHours = Record<Weekday, { start: string; end: string }[]>;

/**
 * One row per business that changed its settings; a business without a row uses the
 * defaults (server/scheduling/settings.ts), so nothing has to be created with the business.
 */
export const appointmentSettings = pgTable(
  'appointment_settings',
  {
    businessId: uuid('business_id')
      .primaryKey()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    timezone: text('timezone').notNull(),
    weeklyHours: jsonb('weekly_hours').$type<WeeklyHours>().notNull(),
    slotMinutes: integer('slot_minutes').notNull(),
    windowDays: integer('window_days').notNull(),
    noticeMinutes: integer('notice_minutes').notNull(),
    bufferBeforeMinutes: integer('buffer_before_minutes').notNull(),
    bufferAfterMinutes: integer('buffer_after_minutes').notNull(),
    /** Local dates ('YYYY-MM-DD') on which nothing can be booked. */
    closedDates: jsonb('closed_dates').$type<string[]>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  () => [tenantPolicy('appointment_settings')],
).enableRLS();

export const APPOINTMENT_STATUSES = ['booked', 'confirmed', 'cancelled', 'completed', 'no_show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
/**
 * Statuses that hold their time. The exclusion constraint in migration 0003 names the
 * same list: change both together.
 */
export const ACTIVE_APPOINTMENT_STATUSES = ['booked', 'confirmed'] as const satisfies AppointmentStatus[];

export const appointments = pgTable(
  'appointments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    leadId: uuid('lead_id').references(() => leads.id),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    // The time the appointment keeps from others: its own range widened by the business's
    // buffers as they were when it was booked. The exclusion constraint (migration 0003)
    // forbids two active appointments of a business whose blocked ranges overlap.
    blockedFrom: timestamp('blocked_from', { withTimezone: true }).notNull(),
    blockedTo: timestamp('blocked_to', { withTimezone: true }).notNull(),
    status: text('status', { enum: APPOINTMENT_STATUSES }).notNull().default('booked'),
    notes: text('notes'),
    // A client-chosen key: the same key twice gives the same appointment.
    idempotencyKey: text('idempotency_key'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('appointments_range_valid', sql`${t.endsAt} > ${t.startsAt}`),
    check(
      'appointments_blocked_covers_range',
      sql`${t.blockedFrom} <= ${t.startsAt} and ${t.blockedTo} >= ${t.endsAt}`,
    ),
    check(
      'appointments_status_known',
      sql`${t.status} in ('booked', 'confirmed', 'cancelled', 'completed', 'no_show')`,
    ),
    // The calendar: a business's appointments between two instants.
    index('appointments_business_starts_idx').on(t.businessId, t.startsAt),
    // A lead's timeline, and repointing on a merge.
    index('appointments_lead_idx').on(t.leadId),
    // The overview: bookings made in a period (the assistant's have no created_by).
    index('appointments_business_created_idx').on(t.businessId, t.createdAt),
    // Replays of the same idempotency key find the first booking (nulls never collide).
    uniqueIndex('appointments_business_idempotency_key').on(t.businessId, t.idempotencyKey),
    tenantPolicy('appointments'),
  ],
).enableRLS();
