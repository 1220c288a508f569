/**
 * What was said on a call, as text: the caller's lines (upstream transcription), the
 * assistant's (its audio transcripts), keyed digits and tool outcomes. It feeds the call
 * record, the person's memory and, after a new upstream session, the re-injected history.
 *
 * Invariant: at most `maxTurns` turns of at most `maxChars` characters each; when full, the
 * oldest turns go first (and are counted), so a long call keeps its most recent context.
 */
import type { CallSpeaker, CallTranscriptTurn, CallTurnKind } from '../../db/schema';
import { assistantText, systemText, userText } from './realtime-codec.ts';
import type { ConversationItemCreateEvent } from './realtime-events.ts';

export interface TranscriptLimits {
  maxTurns: number;
  maxChars: number;
}

export const TRANSCRIPT_LIMITS: TranscriptLimits = { maxTurns: 400, maxChars: 2000 };

/** What a line is beyond its words: a keyed entry, a tool's outcome, the assistant item it voiced. */
export interface TurnMeta {
  kind?: CallTurnKind;
  tool?: { name: string; ok: boolean };
  /** The upstream item of an assistant line, so a barge-in can mark it. */
  itemId?: string;
}

/** Who follows the transcript as it grows (the live calls of open dashboards). */
export interface TranscriptObserver {
  line(turn: Readonly<CallTranscriptTurn>): void;
  interrupted(heardMs: number, sentMs: number): void;
}

export interface Transcript {
  add(speaker: CallSpeaker, text: string, atMs: number, meta?: TurnMeta): void;
  /** One observer at a time (null: none); it must not throw. */
  observe(observer: TranscriptObserver | null): void;
  /**
   * The caller cut an assistant item off after hearing `heardMs` of its `sentMs`: its line
   * (now, or when its words arrive) says so.
   */
  interrupted(itemId: string, heardMs: number, sentMs: number): void;
  readonly turns: readonly CallTranscriptTurn[];
  /** Turns dropped from the start because the transcript was full. */
  readonly omitted: number;
}

export function createTranscript(limits: TranscriptLimits = TRANSCRIPT_LIMITS): Transcript {
  const turns: CallTranscriptTurn[] = [];
  let omitted = 0;
  let observer: TranscriptObserver | null = null;
  // Assistant lines by item, and cut-offs whose line has not arrived yet (both bounded).
  const byItem = new Map<string, CallTranscriptTurn>();
  const cutOff = new Map<string, { heardMs: number; sentMs: number }>();
  const remember = <V>(map: Map<string, V>, key: string, value: V) => {
    map.set(key, value);
    if (map.size > 32) map.delete(map.keys().next().value as string);
  };
  return {
    add(speaker, text, atMs, meta) {
      const clean = text.trim().replace(/\s+/g, ' ');
      if (!clean) return;
      const clipped = clean.length <= limits.maxChars ? clean : `${clean.slice(0, limits.maxChars - 1)}…`;
      const turn: CallTranscriptTurn = { speaker, text: clipped, atMs: Math.max(0, Math.round(atMs)) };
      if (meta?.kind && meta.kind !== 'speech') turn.kind = meta.kind;
      if (meta?.tool) turn.tool = meta.tool;
      if (meta?.itemId) {
        const cut = cutOff.get(meta.itemId);
        if (cut) turn.interrupted = cut;
        remember(byItem, meta.itemId, turn);
      }
      turns.push(turn);
      if (turns.length > limits.maxTurns) {
        turns.shift();
        omitted++;
      }
      observer?.line(turn);
    },
    observe(next) {
      observer = next;
    },
    interrupted(itemId, heardMs, sentMs) {
      const cut = { heardMs: Math.max(0, Math.round(heardMs)), sentMs: Math.max(0, Math.round(sentMs)) };
      const turn = byItem.get(itemId);
      if (turn) turn.interrupted = cut;
      else remember(cutOff, itemId, cut);
      observer?.interrupted(cut.heardMs, cut.sentMs);
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
