/**
 * What was said on a call, as text: the caller's lines (upstream transcription), the
 * assistant's (its audio transcripts), keyed digits and tool outcomes. It feeds the call
 * record, the person's memory and, after a new upstream session, the re-injected history.
 *
 * Invariant: at most `maxTurns` turns of at most `maxChars` characters each; when full, the
 * oldest turns go first (and are counted), so a long call keeps its most recent context.
 */
import type { CallSpeaker, CallTranscriptTurn } from '../../db/schema';
import { assistantText, systemText, userText } from './realtime-codec.ts';
import type { ConversationItemCreateEvent } from './realtime-events.ts';

export interface TranscriptLimits {
  maxTurns: number;
  maxChars: number;
}

export const TRANSCRIPT_LIMITS: TranscriptLimits = { maxTurns: 400, maxChars: 2000 };

export interface Transcript {
  add(speaker: CallSpeaker, text: string, atMs: number): void;
  readonly turns: readonly CallTranscriptTurn[];
  /** Turns dropped from the start because the transcript was full. */
  readonly omitted: number;
}

export function createTranscript(limits: TranscriptLimits = TRANSCRIPT_LIMITS): Transcript {
  const turns: CallTranscriptTurn[] = [];
  let omitted = 0;
  return {
    add(speaker, text, atMs) {
      const clean = text.trim().replace(/\s+/g, ' ');
      if (!clean) return;
      const clipped = clean.length <= limits.maxChars ? clean : `${clean.slice(0, limits.maxChars - 1)}…`;
      turns.push({ speaker, text: clipped, atMs: Math.max(0, Math.round(atMs)) });
      if (turns.length > limits.maxTurns) {
        turns.shift();
        omitted++;
      }
    },
    turns,
    get omitted() {
      return omitted;
    },
  };
}

/**
 * The conversation so far, for a new upstream session: the last `count` turns as items
 * (the caller's as user text, the assistant's as assistant text, the rest as system notes).
 * Pure.
 */
export function reinjectionItems(
  turns: readonly CallTranscriptTurn[],
  count = 16,
): ConversationItemCreateEvent[] {
  return turns.slice(-count).map((t) => {
    if (t.speaker === 'caller') return userText(t.text);
    if (t.speaker === 'assistant') return assistantText(t.text);
    return systemText(t.text);
  });
}

/** Added to the instructions of a session that continues a call (Hebrew, for the model). */
export const CONTINUATION_NOTE =
  'חשוב: זו המשך של שיחה שכבר מתנהלת (החיבור חודש). אל תברך שוב ואל תציג את עצמך מחדש; המשך מהנקודה שבה השיחה עמדה.';
