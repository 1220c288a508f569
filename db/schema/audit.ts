import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenantPolicy } from './tenancy';

/**
 * Who did what, when, from where: logins and failed logins, role changes, disabling,
 * and every cross-business action of a system admin. Append-only by convention; the
 * business id is null for events that belong to no business (a system admin's login).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    businessId: uuid('business_id'),
    actorUserId: uuid('actor_user_id'),
    actorEmail: text('actor_email'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A business's audit trail, newest first.
    index('audit_log_business_created_idx').on(t.businessId, t.createdAt),
    tenantPolicy('audit_log'),
  ],
).enableRLS();
