import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenantPolicy } from './tenancy';

export const BUSINESS_STATUSES = ['active', 'suspended'] as const;
export type BusinessStatus = (typeof BUSINESS_STATUSES)[number];

export interface BusinessFeatures {
  payments: boolean;
  contracts: boolean;
}
export const DEFAULT_FEATURES: BusinessFeatures = { payments: false, contracts: false };

export const businesses = pgTable(
  'businesses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    timezone: text('timezone').notNull().default('Asia/Jerusalem'),
    status: text('status', { enum: BUSINESS_STATUSES }).notNull().default('active'),
    features: jsonb('features').$type<BusinessFeatures>().notNull().default(DEFAULT_FEATURES),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // A business is its own tenant: its row is visible only inside its own scope.
  () => [tenantPolicy('businesses', 'id')],
).enableRLS();

export const businessPhoneNumbers = pgTable(
  'business_phone_numbers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    // E.164, normalised with libphonenumber-js before it gets here. Unique across the
    // system: an incoming call's `To` must resolve to exactly one business.
    e164: text('e164').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Listing a business's numbers.
    index('business_phone_numbers_business_idx').on(t.businessId),
    tenantPolicy('business_phone_numbers'),
  ],
).enableRLS();
