import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
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

/** What a line is, beyond who said it (absent on lines written before it was recorded: speech). */
export type CallTurnKind = 'speech' | 'dtmf' | 'tool';

export interface CallTranscriptTurn {
  speaker: CallSpeaker;
  text: string;
  /** Ms since the call was answered. */
  atMs: number;
  kind?: CallTurnKind;
  /** A tool's line: which tool and whether it succeeded. */
  tool?: { name: string; ok: boolean };
  /**
   * An assistant line the caller cut off: `heardMs` of the `sentMs` of its audio played
   * before the barge-in (0: none of it was heard).
   */
  interrupted?: { heardMs: number; sentMs: number };
}

/** Where a call came from: the phone network, or the dashboard's "talk to your assistant". */
export const CALL_DIRECTIONS = ['inbound', 'outbound', 'browser'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];

/** What a call achieved, as the post-call analysis judged it. */
export const CALL_OUTCOMES = [
  'booked',
  'lead_captured',
  'question_answered',
  'transferred',
  'abandoned',
  'failed',
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export const CALL_SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
export type CallSentiment = (typeof CALL_SENTIMENTS)[number];

/** The model's post-call analysis (server/calls/analysis): only what the transcript says. */
export interface CallAnalysis {
  summary: string;
  outcome: CallOutcome;
  intent: string;
  fields: { name: string | null; service: string | null; time: string | null; callbackNumber: string | null };
  sentiment: CallSentiment;
  model: string;
  analyzedAt: string;
}

/** null: nothing to analyse (no words were said); pending until the model answered; done. */
export const ANALYSIS_STATUSES = ['pending', 'done', 'failed'] as const;
export type AnalysisStatus = (typeof ANALYSIS_STATUSES)[number];

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
    direction: text('direction').$type<CallDirection>().notNull().default('inbound'),
    analysisStatus: text('analysis_status').$type<AnalysisStatus>(),
    analysis: jsonb('analysis').$type<CallAnalysis>(),
    // Copied out of `analysis` for the list's filter and search.
    outcome: text('outcome').$type<CallOutcome>(),
    summary: text('summary'),
    // Why the analysis failed (a refusal, an answer not in the schema, the model unreachable).
    analysisError: text('analysis_error'),
    // Set when retention deleted the recording (its row goes), so the call's page can say so.
    recordingDeletedAt: timestamp('recording_deleted_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Twilio's id is global: a retried stream or webhook finds the same row.
    unique('calls_call_sid').on(t.callSid),
    // The call list, newest first, paged by (started_at, id).
    index('calls_business_started_idx').on(t.businessId, t.startedAt, t.id),
    // Calls still open: the daily sweep of those that never got an end (lifecycle/unrecorded.ts).
    index('calls_open_idx').on(t.startedAt).where(sql`${t.endedAt} IS NULL`),
    // A lead's calls (the filter, the timeline) and repointing on a merge.
    index('calls_lead_idx').on(t.leadId, t.startedAt),
    check('calls_direction', sql`${t.direction} IN ('inbound', 'outbound', 'browser')`),
    check(
      'calls_analysis_status',
      sql`${t.analysisStatus} IS NULL OR ${t.analysisStatus} IN ('pending', 'done', 'failed')`,
    ),
    // The search by summary (Hebrew as typed), like the leads' (db/schema/leads.ts).
    index('calls_summary_trgm_idx').using('gin', sql`${t.summary} gin_trgm_ops`),
    // The search by number: digits of the E.164 caller.
    index('calls_from_trgm_idx').using('gin', sql`${t.fromNumber} gin_trgm_ops`),
    tenantPolicy('calls'),
  ],
).enableRLS();

/**
 * The overview's hourly roll-up of calls (server/overview/figures.ts): per business and UTC
 * hour, how many calls (or turns) each key counts — `answered`, `missed`, `faq`,
 * `outcome:<outcome>`, and latency histograms `greeting:<bucket>` / `turn:<bucket>` (4 %-wide
 * buckets of ms: server/overview/histogram.ts). Kept exact by statement triggers on `calls`
 * (insert, update, delete: migration 0044), so a month of figures reads a few thousand small
 * rows whatever the number of calls.
 */
export const callHourCounts = pgTable(
  'call_hour_counts',
  {
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    key: text('key').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.businessId, t.hour, t.key] }), tenantPolicy('call_hour_counts')],
).enableRLS();

/**
 * What became of a call's recording: `complete`; `partial` (the storage was unreachable
 * for a while and `missing_ms` of it are silence); `lost` (nothing could be stored: the row
 * stays so the call's page says so, with no object behind it).
 */
export const RECORDING_STATUSES = ['complete', 'partial', 'lost'] as const;
export type RecordingStatus = (typeof RECORDING_STATUSES)[number];

/**
 * A call's audio (both sides mixed, 16-bit PCM WAV at 8 kHz) lives in the recording store
 * (a directory or an S3 bucket: server/calls/recording/store.ts) at `path`; this row is the
 * reference. Deleting the call deletes the row (the retention job deletes the object with
 * it: server/calls/recording/retention.ts).
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
    status: text('status').$type<RecordingStatus>().notNull().default('complete'),
    missingMs: integer('missing_ms').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('call_recordings_status', sql`${t.status} IN ('complete', 'partial', 'lost')`),
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
    // Where a transfer to a person dials (E.164, validated when saved); null: no live transfer.
    transferNumber: text('transfer_number'),
    // Warm transfer: the staff member hears a short summary first and accepts with a key.
    warmTransfer: boolean('warm_transfer').notNull().default(false),
    // The keypad menu: [{ digit, action }] (server/calls/keypad/menu.ts); empty: digits go to the model.
    keypadMenu: jsonb('keypad_menu').$type<Array<{ digit: string; action: string }>>().notNull().default([]),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('call_settings_keypad_menu_array', sql`jsonb_typeof(${t.keypadMenu}) = 'array'`),
    check('call_settings_vad_object', sql`jsonb_typeof(${t.vad}) = 'object'`),
    check(
      'call_settings_retention_days_range',
      sql`${t.recordingRetentionDays} IS NULL OR ${t.recordingRetentionDays} BETWEEN 1 AND 3650`,
    ),
    tenantPolicy('call_settings'),
  ],
).enableRLS();
