import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { businesses } from './businesses';
import { tenantPolicy } from './tenancy';

/**
 * One row per call the voice webhook connected to our media stream (server/calls/call-token.ts):
 * the token's nonce, bound to Twilio's CallSid, redeemed once by one atomic UPDATE when the
 * stream's upgrade presents it. In the database so the webhook and the stream may reach
 * different processes or machines. `redeemed_at` set: the call went live (a replayed webhook
 * for it is refused). Kept a day past its expiry (retention), then the call's own row is the
 * record.
 */
export const callTokens = pgTable(
  'call_tokens',
  {
    callSid: text('call_sid').primaryKey(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    // The `calls` row the webhook's ringing writes and the stream's start completes.
    callId: uuid('call_id').notNull(),
    // Random; the token is the CallSid, this and their HMAC (a row alone opens nothing).
    nonce: text('nonce').notNull(),
    // As Twilio gave them to the webhook.
    fromNumber: text('from_number').notNull(),
    toNumber: text('to_number').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    redeemedAt: timestamp('redeemed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Retention: rows past their expiry.
    index('call_tokens_expires_idx').on(t.expiresAt),
    // Deleting a business cascades here.
    index('call_tokens_business_idx').on(t.businessId),
    tenantPolicy('call_tokens'),
  ],
).enableRLS();
