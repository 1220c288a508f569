import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { businesses } from './businesses';
import { calls } from './calls';
import { tenantPolicy } from './tenancy';

/** Twilio's call statuses (the Call resource's `status`, a callback's `CallStatus`). */
export const TWILIO_CALL_STATUSES = [
  'queued',
  'initiated',
  'ringing',
  'in-progress',
  'completed',
  'busy',
  'no-answer',
  'failed',
  'canceled',
] as const;
export type TwilioCallStatus = (typeof TWILIO_CALL_STATUSES)[number];

/** Whose leg a status is about: the caller's own call, or the `<Dial>` leg to a staff member. */
export const CALL_LEGS = ['caller', 'transfer'] as const;
export type CallLeg = (typeof CALL_LEGS)[number];

/**
 * Where Twilio said it: the voice webhook (`ringing`), a status callback (the number's, or a
 * `<Number statusCallback>` leg's), or a `<Dial action>` (`DialCallStatus`).
 */
export const STATUS_SOURCES = ['voice_webhook', 'status_callback', 'dial_action'] as const;
export type StatusSource = (typeof STATUS_SOURCES)[number];

/**
 * What Twilio reported about a call, one row per leg and status. Twilio retries callbacks
 * and may deliver them out of order, so a (leg's CallSid, status) pair is written once and
 * `sequence_number` / `occurred_at` say the order. The call's row exists from the voice
 * webhook on, so a call whose media stream never started is still in the log (answered_at
 * null: missed).
 */
export const callStatusEvents = pgTable(
  'call_status_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    callId: uuid('call_id')
      .notNull()
      .references(() => calls.id, { onDelete: 'cascade' }),
    // The leg's own CallSid: the caller's call, or the child call a <Dial> placed.
    callSid: text('call_sid').notNull(),
    leg: text('leg').$type<CallLeg>().notNull(),
    status: text('status').$type<TwilioCallStatus>().notNull(),
    source: text('source').$type<StatusSource>().notNull(),
    sequenceNumber: integer('sequence_number'),
    // Twilio's CallDuration (seconds), on a leg's final status.
    durationSeconds: integer('duration_seconds'),
    // Twilio's Timestamp when it sent one; otherwise when we received it.
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Idempotence: a retried or replayed callback finds its row and writes nothing.
    unique('call_status_events_once').on(t.callSid, t.status),
    // A call's history on its page, in order.
    index('call_status_events_call_idx').on(t.callId, t.occurredAt),
    check(
      'call_status_events_status_known',
      sql.raw(`status IN (${TWILIO_CALL_STATUSES.map((s) => `'${s}'`).join(', ')})`),
    ),
    check('call_status_events_leg_known', sql`${t.leg} IN ('caller', 'transfer')`),
    check(
      'call_status_events_source_known',
      sql`${t.source} IN ('voice_webhook', 'status_callback', 'dial_action')`,
    ),
    tenantPolicy('call_status_events'),
  ],
).enableRLS();
