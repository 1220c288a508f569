import { customType, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { businesses } from './businesses';
import { tenantPolicy } from './tenancy';

/** Raw bytes (PGlite answers a Uint8Array, the `postgres` driver a Buffer: both are one). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => new Uint8Array(value),
});

/**
 * The μ-law audio of a business's greeting as the live model first spoke it, replayed from the
 * first frame of later calls (server/calls/greeting/). One row per business, so the store is
 * bounded by the number of businesses (and each row by the relay's length cap); the row is
 * replaced when the greeting's text, the voice or the model changes.
 */
export const greetingAudio = pgTable(
  'greeting_audio',
  {
    businessId: uuid('business_id')
      .primaryKey()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    greetingText: text('greeting_text').notNull(),
    voice: text('voice').notNull(),
    model: text('model').notNull(),
    // 8 kHz μ-law, one byte per sample.
    audio: bytea('audio').notNull(),
    durationMs: integer('duration_ms').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  () => [tenantPolicy('greeting_audio')],
).enableRLS();
