import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { businesses } from './businesses';
import { leads } from './leads';
import { tenantPolicy } from './tenancy';
import { users } from './users';

/** Who said a line of a call's transcript. */
export const CALL_SPEAKERS = ['caller', 'assistant', 'system'] as const;
export type CallSpeaker = (typeof CALL_SPEAKERS)[number];

export interface CallTranscriptTurn {
  speaker: CallSpeaker;
  text: string;
  /** Ms since the call was answered. */
  atMs: number;
}

/** A finished call's counters (frames, barge-ins, truncations, reconnects...): see CallSummary. */
export type CallCountersJson = Record<string, number | Record<string, number>>;

/**
 * One phone call answered by the assistant: written when the media stream starts (so a call
 * in progress is visible) and completed when it ends. `lead_id` is the caller's lead (null
 * for a hidden or invalid caller ID); like every lead child it does not cascade, so a merge
 * must move it (server/leads/merge.ts LEAD_HISTORY).
 */
export const calls = pgTable(
  'calls',
  {
    // Chosen by the relay at the call's start (the recording is named after it).
    id: uuid('id').primaryKey().defaultRandom(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    callSid: text('call_sid').notNull(),
    // E.164 when Twilio's value is a valid number; otherwise as given ("anonymous").
    fromNumber: text('from_number').notNull(),
    toNumber: text('to_number').notNull(),
    leadId: uuid('lead_id').references(() => leads.id),
    // The voice webhook (ringing); the media stream's start (answered); the hang-up.
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endReason: text('end_reason'),
    durationMs: integer('duration_ms'),
    // Bounded by the relay (server/calls/transcript.ts); what was said, not what was heard.
    transcript: jsonb('transcript').$type<CallTranscriptTurn[]>().notNull().default([]),
    counters: jsonb('counters').$type<CallCountersJson>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Twilio's id is global: a retried stream or webhook finds the same row.
    unique('calls_call_sid').on(t.callSid),
    // The call list, newest first.
    index('calls_business_started_idx').on(t.businessId, t.startedAt),
    // A lead's calls (the filter, the timeline) and repointing on a merge.
    index('calls_lead_idx').on(t.leadId, t.startedAt),
    tenantPolicy('calls'),
  ],
).enableRLS();

/**
 * A call's audio (both sides mixed, 16-bit PCM WAV at 8 kHz) lives on disk under
 * DATA_DIR/recordings at `path`; this row is the reference. Deleting the call deletes the
 * row (the retention job deletes the file with it: server/calls/recordings-retention.ts).
 */
export const callRecordings = pgTable(
  'call_recordings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    callId: uuid('call_id')
      .notNull()
      .references(() => calls.id, { onDelete: 'cascade' }),
    // Relative to the recordings root: `<businessId>/<callId>.wav`.
    path: text('path').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    durationMs: integer('duration_ms').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One recording per call.
    unique('call_recordings_call').on(t.callId),
    // Retention: a business's recordings older than N days.
    index('call_recordings_business_created_idx').on(t.businessId, t.createdAt),
    tenantPolicy('call_recordings'),
  ],
).enableRLS();

/**
 * Per-business call tuning. `vad` is a partial VadParams (server/calls/audio/vad-params.ts):
 * what is left out takes the measured defaults, so improving a default reaches every
 * business that never changed it.
 */
export const callSettings = pgTable(
  'call_settings',
  {
    businessId: uuid('business_id')
      .primaryKey()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    vad: jsonb('vad').$type<Record<string, number>>().notNull().default({}),
    recordCalls: boolean('record_calls').notNull().default(true),
    // Days a recording is kept; null: the system default (7). Read by the daily retention job.
    recordingRetentionDays: integer('recording_retention_days'),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('call_settings_vad_object', sql`jsonb_typeof(${t.vad}) = 'object'`),
    check(
      'call_settings_retention_days_range',
      sql`${t.recordingRetentionDays} IS NULL OR ${t.recordingRetentionDays} BETWEEN 1 AND 3650`,
    ),
    tenantPolicy('call_settings'),
  ],
).enableRLS();
