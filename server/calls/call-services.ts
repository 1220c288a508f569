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
import { PHONE_TRANSCRIPTION_HINT } from '../agent/hebrew-numbers';
import type { ToolResult } from '../agent/tools/results';
import type { Database } from '../db/database';
import type { VadParams } from './audio/vad-params.ts';
import { type CallEndRecord, recordCallEnd, recordCallStart } from './call-records.ts';
import type { CallLog } from './call-session-types.ts';
import { loadCallSettings } from './call-settings.ts';
import type { FunctionCall } from './events.ts';
import type { SessionConfig } from './realtime-codec.ts';
import type { RecordingFile, RecordingStore } from './recording/store.ts';

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
}

export interface CallPlan {
  session: SessionConfig;
  /** The greeting's `response.create` instructions. */
  greeting: string;
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

export interface CallServices {
  /** Everything the call starts with. Never rejects. */
  begin(call: CallBegin): Promise<CallPlan>;
  runTool(call: CallBegin, fn: FunctionCall): Promise<ToolResult>;
  /** The row, the recording's reference and the caller's memory. Never rejects. */
  finish(end: CallFinish): Promise<void>;
  readonly stats: { recordFailures: number; recordingFailures: number; brainFailures: number };
}

export interface CallServicesDeps {
  db: Database;
  brain: CallBrain;
  log: CallLog;
  /** Absent: calls are not recorded. */
  recordings?: RecordingStore;
  /** The voice used when the brain cannot be reached. */
  fallbackVoice: string;
  /** Hands a call to a person now (TwiML redirect: not built yet). Absent: left on the lead. */
  transfer?(callSid: string, reason: string): Promise<boolean>;
  /** Bound on the brain and the database at the start, so the caller is never left waiting. */
  beginTimeoutMs?: number;
}

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
  const stats = { recordFailures: 0, recordingFailures: 0, brainFailures: 0 };
  const timeoutMs = deps.beginTimeoutMs ?? 4000;
  const log = deps.log;

  async function voiceSession(call: CallBegin): Promise<VoiceSession> {
    try {
      return await within(deps.brain.voiceSession(call.businessId), timeoutMs, 'the voice session');
    } catch (err) {
      stats.brainFailures++;
      log.warn(
        { err: String(err), businessId: call.businessId },
        'call: brain unavailable, fallback session',
      );
      return fallbackSession(call.businessName, deps.fallbackVoice);
    }
  }

  async function settings(call: CallBegin) {
    try {
      return await within(deps.db.withTenant(call.businessId, loadCallSettings), timeoutMs, 'call settings');
    } catch (err) {
      log.warn({ err: String(err) }, 'call: settings unavailable, defaults used');
      return { vad: {}, recordCalls: true, isDefault: true };
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

  return {
    stats,
    async begin(call) {
      const [voice, set, row] = await Promise.all([voiceSession(call), settings(call), startRow(call)]);
      return {
        session: {
          instructions: voice.instructions,
          tools: voice.tools,
          voice: voice.voice,
          // Callers dictate phone numbers digit by digit: the hint makes the transcript hold digits.
          transcription: { prompt: PHONE_TRANSCRIPTION_HINT },
        },
        greeting: `${voice.instructions}\n\nעכשיו פתח את השיחה, במשפט הזה בדיוק: "${voice.greeting}"`,
        vad: set.vad,
        recording: set.recordCalls ? await recording(call) : null,
        leadId: row.leadId,
        recordFailed: row.failed,
      };
    },
    runTool(call, fn) {
      return deps.brain.executeTool({
        businessId: call.businessId,
        channel: 'voice',
        name: fn.name,
        arguments: fn.arguments,
        contactPhone: call.from,
        transfer: deps.transfer
          ? (reason) => (deps.transfer as NonNullable<typeof deps.transfer>)(call.callSid, reason)
          : undefined,
      });
    },
    async finish(end) {
      let stored: CallEndRecord['recording'] = null;
      if (end.recording) {
        const { file, samples } = end.recording;
        try {
          const sizeBytes = await file.finish(samples);
          stored = { path: file.path, sizeBytes, durationMs: Math.round(samples / 8) };
        } catch (err) {
          stats.recordingFailures++;
          log.warn({ err: String(err) }, 'call: recording lost');
          await file.abort().catch(() => {});
        }
      }
      try {
        if (end.recordFailed) await recordCallStart(deps.db, end.begin);
        await recordCallEnd(deps.db, { ...end, recording: stored });
      } catch (err) {
        stats.recordFailures++;
        log.warn({ err: String(err) }, 'call: could not write the call record at the end');
        if (stored) await deps.recordings?.remove(stored.path).catch(() => {});
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
