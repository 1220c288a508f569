import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { businesses } from './businesses';
import { tenantPolicy } from './tenancy';
import { users } from './users';

/**
 * Password reset links (server/auth/password-reset.ts). Only the SHA-256 of the link's token is
 * kept, so a copy of this table opens no account. A link is used once, by one atomic UPDATE that
 * sets `used_at`, and only before `expires_at`; a new request, a password change or a use ends
 * the user's other links. `business_id` is the user's (null for a system admin), so the tenant
 * wall covers these rows like the users they belong to.
 */
export const passwordResets = pgTable(
  'password_resets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    businessId: uuid('business_id').references(() => businesses.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    // Where the request came from, for the audit trail of the account.
    requestedIp: text('requested_ip').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('password_resets_user_idx').on(t.userId),
    // Retention: links past their expiry.
    index('password_resets_expires_idx').on(t.expiresAt),
    index('password_resets_business_idx').on(t.businessId),
    tenantPolicy('password_resets'),
  ],
).enableRLS();
