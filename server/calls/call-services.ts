/**
 * What a call needs from the rest of the system, behind one port (`CallServices`) so the
 * session stays free of I/O and tests can pass fakes: the business's voice session from the
 * assistant's brain, its call settings, the call's row and the caller's lead, tool calls,
 * the recording file, and the record written at the end.
 *
 * Nothing here may break the audio path: every failure is logged and counted, and the call
 * goes on (with a fallback session if the brain cannot be reached, without a row or a
 * recording if the database cannot).
 */
import type { Brain, VoiceSession } from '../agent/brain';
import { createAgentCache } from '../agent/cache';
import { PHONE_TRANSCRIPTION_HINT } from '../agent/hebrew-numbers';
import type { ToolResult } from '../agent/tools/results';
import { businessChanges } from '../businesses/changes';
import type { Database } from '../db/database';
import { type RetryOptions, whileUnavailable } from '../db/retry';
import type { VadParams } from './audio/vad-params.ts';
import { type CallEndRecord, recordCallEnd, recordCallStart } from './call-records.ts';
import { type CallRouting, loadCallRouting, NO_ROUTING } from './call-routing.ts';
import { loadCallSettings } from './call-settings.ts';
import type { FunctionCall } from './events.ts';
import type { CachedGreeting, GreetingKey, GreetingStore } from './greeting/greeting-store.ts';
import type { SessionConfig } from './realtime-codec.ts';
import type { RecordingFile, RecordingStore } from './recording/store.ts';
import type { CallLog } from './types.ts';

export type CallBrain = Pick<Brain, 'voiceSession' | 'executeTool' | 'remember'>;

export interface CallBegin {
  callId: string;
  callSid: string;
  businessId: string;
  businessName: string;
  from: string;
  to: string;
  /** When the voice webhook answered (ringing), and when the stream started. */
  startedAt: Date;
  answeredAt: Date;
  /** The caller came back to the assistant on a new stream (a transfer nobody took). */
  resumed?: boolean;
}

export interface CallPlan {
  session: SessionConfig;
  /** The greeting's `response.create` instructions. */
  greeting: string;
  /** What the greeting says, in which voice and model (the cache's key). */
  greetingKey: GreetingKey;
  /** The greeting's audio as the live model spoke it on an earlier call, or null. */
  cachedGreeting: CachedGreeting | null;
  vad: Partial<VadParams>;
  recording: RecordingFile | null;
  leadId: string | null;
  /** The row could not be written at the start (retried at the end). */
  recordFailed: boolean;
}

export interface CallFinish extends Omit<CallEndRecord, 'recording'> {
  begin: CallBegin;
  recordFailed: boolean;
  recording: { file: RecordingFile; samples: number } | null;
}

/** What a call of the business starts with before its stream exists (the warm start's part). */
export interface CallPrelude {
  session: SessionConfig;
  greeting: string;
  greetingKey: GreetingKey;
  cachedGreeting: CachedGreeting | null;
  vad: Partial<VadParams>;
  recordCalls: boolean;
  /** The transfer number, warm flag and keypad menu. */
  routing: CallRouting;
}

export interface CallServices {
  /**
   * The business's session, settings and cached greeting, before the call's stream. Never
   * rejects. Kept per business (shared by its calls, never changed by them) until the business
   * changes (`businessChanges`) or `planTtlMs` passes; past that the kept one still answers at
   * once while it is rebuilt, so a slow database never holds up a greeting. A degraded one (the
   * brain or the settings unreachable) is not kept.
   */
  prepare(businessId: string, businessName: string): Promise<CallPrelude>;
  /** Everything the call starts with (from `prelude` when the webhook prepared it). Never rejects. */
  begin(call: CallBegin, prelude?: Promise<CallPrelude>): Promise<CallPlan>;
  /** Keeps the greeting's audio as the live model spoke it. Never rejects. */
  keepGreeting(businessId: string, key: GreetingKey, audio: Uint8Array): Promise<void>;
  /** `hooks.transfer`: the call's live transfer (absent: the request is left on the lead). */
  runTool(
    call: CallBegin,
    fn: FunctionCall,
    hooks?: { transfer?(reason: string): Promise<boolean> },
  ): Promise<ToolResult>;
  /** The row, the recording's reference and the caller's memory. Never rejects. */
  finish(end: CallFinish): Promise<void>;
  readonly stats: {
    recordFailures: number;
    recordingFailures: number;
    brainFailures: number;
    /** Finished calls whose record waits for the database now. */
    recordsWaiting: number;
    /** Records given up at once because `maxWaitingRecords` were already waiting (also in recordFailures). */
    recordsDropped: number;
  };
}

export interface CallServicesDeps {
  db: Database;
  brain: CallBrain;
  log: CallLog;
  /** Absent: calls are not recorded. */
  recordings?: RecordingStore;
  /** The voice used when the brain cannot be reached. */
  fallbackVoice: string;
  /** The Realtime model calls use (part of the cached greeting's key). */
  model: string;
  /** Absent: every greeting is spoken by the model. */
  greetings?: GreetingStore;
  /** Bound on the brain and the database at the start, so the caller is never left waiting. */
  beginTimeoutMs?: number;
  /** How long a business's prelude is kept without a change announced (default 60 s). */
  planTtlMs?: number;
  /** How the end-of-call record is retried while the database is unreachable (default: 10 min). */
  recordRetry?: RetryOptions;
  /**
   * How many finished calls' records may wait for the database at once (default 2000): past
   * it a record is given up at once, counted and logged, so a long outage under heavy
   * traffic cannot exhaust the process's memory.
   */
  maxWaitingRecords?: number;
}

export const DEFAULT_PLAN_TTL_MS = 60_000;

/** A prelude as kept: a degraded one (fallback session, default settings) is not. */
type Prepared = CallPrelude & { degraded: boolean };

/** Thrown out of the retry when the waiting room is full. */
class TooManyWaiting extends Error {}

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** A session that can only apologise: the brain (database) is unreachable. */
function fallbackSession(businessName: string, voice: string): VoiceSession {
  return {
    instructions: [
      `אתה העוזר הקולי של "${businessName}" ועונה לשיחות טלפון, בעברית ובמשפטים קצרים.`,
      'כרגע אין לך גישה ליומן ולמערכות העסק. התנצל, אמור שנציג יחזור למתקשר בהקדם, ואל תבטיח שום דבר נוסף.',
    ].join('\n'),
    tools: [],
    voice,
    greeting: `שלום, הגעתם ל${businessName}.`,
  };
}

export function createCallServices(deps: CallServicesDeps): CallServices {
  const stats = {
    recordFailures: 0,
    recordingFailures: 0,
    brainFailures: 0,
    recordsWaiting: 0,
    recordsDropped: 0,
  };
  const maxWaiting = deps.maxWaitingRecords ?? 2000;
  const timeoutMs = deps.beginTimeoutMs ?? 4000;
  const log = deps.log;

  async function voiceSession(
    businessId: string,
    businessName: string,
  ): Promise<VoiceSession & { fallback?: true }> {
    try {
      return await within(deps.brain.voiceSession(businessId), timeoutMs, 'the voice session');
    } catch (err) {
      stats.brainFailures++;
      log.warn({ err: String(err), businessId }, 'call: brain unavailable, fallback session');
      return { ...fallbackSession(businessName, deps.fallbackVoice), fallback: true };
    }
  }

  async function settings(businessId: string): Promise<{
    vad: Partial<VadParams>;
    recordCalls: boolean;
    routing: CallRouting;
    degraded?: true;
  }> {
    try {
      return await within(
        deps.db.withTenant(businessId, async (tx) => ({
          ...(await loadCallSettings(tx)),
          routing: await loadCallRouting(tx),
        })),
        timeoutMs,
        'call settings',
      );
    } catch (err) {
      log.warn({ err: String(err) }, 'call: settings unavailable, defaults used');
      return { vad: {}, recordCalls: true, routing: NO_ROUTING, degraded: true };
    }
  }

  async function startRow(call: CallBegin): Promise<{ leadId: string | null; failed: boolean }> {
    try {
      return { ...(await within(recordCallStart(deps.db, call), timeoutMs, 'the call row')), failed: false };
    } catch (err) {
      stats.recordFailures++;
      log.warn({ err: String(err) }, 'call: could not write the call row at the start');
      return { leadId: null, failed: true };
    }
  }

  async function recording(call: CallBegin): Promise<RecordingFile | null> {
    if (!deps.recordings) return null;
    try {
      return await deps.recordings.create(call.businessId, call.callId);
    } catch (err) {
      stats.recordingFailures++;
      log.warn({ err: String(err) }, 'call: could not open the recording file');
      return null;
    }
  }

  async function prepareNow(businessId: string, businessName: string): Promise<Prepared> {
    const [voice, set] = await Promise.all([voiceSession(businessId, businessName), settings(businessId)]);
    const greetingKey = { text: voice.greeting, voice: voice.voice, model: deps.model };
    // The fallback's apology is not the business's greeting: never cached, never replayed.
    const cachedGreeting =
      deps.greetings && !voice.fallback
        ? await within(deps.greetings.load(businessId, greetingKey), timeoutMs, 'the greeting').catch(
            () => null,
          )
        : null;
    return {
      session: {
        instructions: voice.instructions,
        tools: voice.tools,
        voice: voice.voice,
        // Callers dictate phone numbers digit by digit: the hint makes the transcript hold digits.
        transcription: { prompt: PHONE_TRANSCRIPTION_HINT },
      },
      greeting: `${voice.instructions}\n\nעכשיו פתח את השיחה, במשפט הזה בדיוק: "${voice.greeting}"`,
      greetingKey: voice.fallback ? { ...greetingKey, text: '' } : greetingKey,
      cachedGreeting,
      vad: set.vad,
      recordCalls: set.recordCalls,
      routing: set.routing,
      degraded: voice.fallback === true || set.degraded === true,
    };
  }

  // The name is only the fallback session's: the last one a call gave for the business.
  const names = new Map<string, string>();
  const preludes = createAgentCache<Prepared>({
    build: (businessId) => prepareNow(businessId, names.get(businessId) ?? ''),
    ttlMs: deps.planTtlMs ?? DEFAULT_PLAN_TTL_MS,
    serveStale: true,
    keep: (p) => !p.degraded,
  });
  businessChanges(deps.db, log).subscribe((businessId) => preludes.invalidate(businessId));

  function prepare(businessId: string, businessName: string): Promise<CallPrelude> {
    names.set(businessId, businessName);
    return preludes.get(businessId);
  }

  return {
    stats,
    prepare,
    async begin(call, prelude) {
      const [pre, row] = await Promise.all([
        prelude ?? prepare(call.businessId, call.businessName),
        startRow(call),
      ]);
      const { recordCalls, ...plan } = pre;
      return {
        ...plan,
        // A caller back from a transfer continues the call whose recording is already written.
        recording: recordCalls && !call.resumed ? await recording(call) : null,
        leadId: row.leadId,
        recordFailed: row.failed,
      };
    },
    async keepGreeting(businessId, key, audio) {
      if (!deps.greetings || !key.text) return;
      try {
        await deps.greetings.keep(businessId, key, audio);
        preludes.invalidate(businessId); // the business's next calls play it
        log.info({ businessId, durationMs: Math.round(audio.length / 8) }, 'greeting: audio cached');
      } catch (err) {
        log.warn({ err: String(err), businessId }, 'greeting: could not keep the audio');
      }
    },
    runTool(call, fn, hooks) {
      return deps.brain.executeTool({
        businessId: call.businessId,
        channel: 'voice',
        name: fn.name,
        arguments: fn.arguments,
        contactPhone: call.from,
        transfer: hooks?.transfer,
      });
    },
    async finish(end) {
      let stored: CallEndRecord['recording'] = null;
      if (end.recording) {
        const { file, samples } = end.recording;
        const durationMs = Math.round(samples / 8);
        try {
          const { sizeBytes, missingMs } = await file.finish(samples);
          const status = missingMs > 0 ? 'partial' : 'complete';
          stored = { path: file.path, sizeBytes, durationMs, status, missingMs };
        } catch (err) {
          stats.recordingFailures++;
          log.warn({ err: String(err) }, 'call: recording lost');
          await file.abort().catch(() => {});
          // The row says so: the call's page shows that the recording was lost.
          stored = { path: file.path, sizeBytes: 0, durationMs, status: 'lost', missingMs: durationMs };
        }
      }
      let waiting = false;
      try {
        // Off the audio path: a database outage delays the record, it does not lose it.
        const retry = {
          ...deps.recordRetry,
          onRetry: (attempt: number, err: unknown) => {
            if (!waiting) {
              if (stats.recordsWaiting >= maxWaiting) throw new TooManyWaiting();
              waiting = true;
              stats.recordsWaiting++;
            }
            log.warn({ attempt, err: String(err) }, 'call: database unavailable, the record is retried');
          },
        };
        if (end.recordFailed) await whileUnavailable(() => recordCallStart(deps.db, end.begin), retry);
        await whileUnavailable(() => recordCallEnd(deps.db, { ...end, recording: stored }), retry);
      } catch (err) {
        stats.recordFailures++;
        if (err instanceof TooManyWaiting) {
          stats.recordsDropped++;
          log.warn(
            { callId: end.callId, waiting: stats.recordsWaiting, dropped: stats.recordsDropped },
            'call: record dropped, too many records already wait for the database',
          );
        } else log.warn({ err: String(err) }, 'call: could not write the call record at the end');
        if (stored) await deps.recordings?.remove(stored.path).catch(() => {});
      } finally {
        if (waiting) stats.recordsWaiting--;
      }
      const turns = end.transcript
        .filter((t) => t.speaker !== 'system')
        .map((t) => ({
          role: t.speaker === 'caller' ? ('user' as const) : ('assistant' as const),
          text: t.text,
          at: new Date(end.begin.answeredAt.getTime() + t.atMs),
        }));
      try {
        await deps.brain.remember({
          businessId: end.businessId,
          phone: end.begin.from,
          channel: 'voice',
          turns,
        });
      } catch (err) {
        log.warn({ err: String(err) }, 'call: could not add the call to the caller memory');
      }
    },
  };
}
