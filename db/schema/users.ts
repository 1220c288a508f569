import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { ROLES } from '../../server/auth/permissions';
import { businesses } from './businesses';
import { tenantPolicy } from './tenancy';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Null only for system_admin (enforced by the check below).
    businessId: uuid('business_id').references(() => businesses.id, { onDelete: 'cascade' }),
    // Stored lower-cased; unique across the whole system (it is the login name).
    email: text('email').notNull().unique(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    disabled: boolean('disabled').notNull().default(false),
    // Bumped on disable, password change and role change: every token carries it, so
    // older sessions end at once.
    tokenVersion: integer('token_version').notNull().default(0),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('users_business_matches_role', sql`(${t.role} = 'system_admin') = (${t.businessId} IS NULL)`),
    check('users_email_lowercase', sql`${t.email} = lower(${t.email})`),
    // Listing a business's users.
    index('users_business_idx').on(t.businessId),
    tenantPolicy('users'),
  ],
).enableRLS();
