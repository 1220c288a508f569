/**
 * Which of the caller's turns the model answers. Upstream's server VAD commits every stretch
 * of caller audio as a user item, a "כן" said over the assistant as much as a question; its
 * `create_response` is off, so the relay decides:
 *
 * - A turn that did not overlap the assistant (it was silent when the caller stopped), or
 *   that barged in, is answered at once.
 * - A turn the caller said over the assistant without barging in (the local VAD heard a
 *   backchannel, a cough, or nothing it could confirm) waits for its transcription: a
 *   backchannel, or nothing recognisable, is deleted from the conversation and not answered,
 *   so upstream's record matches the reply the caller heard in full; words that stop the
 *   assistant ("לא", "רגע") or anything longer are a barge-in after all (if the assistant is
 *   still audible) and are answered. With no transcription within `transcriptWaitMs` it is a
 *   backchannel.
 *
 * Pure: time comes in as `now`, effects go out through the ports.
 */
import { judgeWords } from './caller-words.ts';

export interface CallerTurnsPorts {
  respond(): void;
  deleteItem(itemId: string): void;
  /** The caller's words stop the assistant: the turn machine's `caller_words` barge-in. */
  bargeIn(): void;
  assistantAudible(): boolean;
  /** Barge-ins so far (the turn machine's count). */
  interruptions(): number;
}

export interface CallerTurnsStats {
  answered: number;
  heldForWords: number;
  backchannelsDeleted: number;
  lateBargeIns: number;
  wordsTimedOut: number;
}

export interface CallerTurns {
  speechStarted(itemId: string, now: number): void;
  /** The local VAD heard the caller stop (the assistant's audibility then is what counts). */
  localSpeechEnded(now: number, voiced?: boolean): void;
  committed(itemId: string, now: number): void;
  transcript(itemId: string, text: string, now: number): void;
  tick(now: number): void;
  /** A new upstream session: items of the old one are gone. */
  reset(): void;
  readonly stats: Readonly<CallerTurnsStats>;
}

interface Started {
  at: number;
  interruptions: number;
  audible: boolean;
  /** Audible when the caller last stopped speaking during this item (null: no local end seen). */
  audibleAtEnd: boolean | null;
  /** The local VAD heard a voice during it (not only a cough or noise). */
  voiced: boolean;
}

const REMEMBERED = 16;

export function createCallerTurns(
  ports: CallerTurnsPorts,
  options: { transcriptWaitMs?: number } = {},
): CallerTurns {
  const waitMs = options.transcriptWaitMs ?? 2500;
  const started = new Map<string, Started>();
  /** Items waiting for their words, with their deadline. */
  const held = new Map<string, number>();
  const stats: CallerTurnsStats = {
    answered: 0,
    heldForWords: 0,
    backchannelsDeleted: 0,
    lateBargeIns: 0,
    wordsTimedOut: 0,
  };
  let lastBargeInAt = Number.NEGATIVE_INFINITY;
  let lastInterruptions = 0;

  function noteInterruptions(now: number): void {
    const n = ports.interruptions();
    if (n !== lastInterruptions) {
      lastInterruptions = n;
      lastBargeInAt = now;
    }
  }

  function answer(): void {
    stats.answered++;
    ports.respond();
  }

  function backchannel(itemId: string): void {
    stats.backchannelsDeleted++;
    ports.deleteItem(itemId);
  }

  return {
    speechStarted(itemId, now) {
      noteInterruptions(now);
      started.set(itemId, {
        at: now,
        interruptions: ports.interruptions(),
        audible: ports.assistantAudible(),
        audibleAtEnd: null,
        voiced: false,
      });
      if (started.size > REMEMBERED) started.delete(started.keys().next().value as string);
    },
    localSpeechEnded(now, voiced = true) {
      noteInterruptions(now);
      const audible = ports.assistantAudible();
      for (const s of started.values()) {
        s.audibleAtEnd = audible;
        if (voiced) s.voiced = true;
      }
    },
    committed(itemId, now) {
      noteInterruptions(now);
      const s = started.get(itemId);
      started.delete(itemId);
      // A barge-in during the item, or just before upstream noticed its start.
      const bargedIn =
        (s !== undefined && ports.interruptions() > s.interruptions) ||
        lastBargeInAt >= (s?.at ?? now) - 1500;
      const overlapped = s?.audibleAtEnd ?? ports.assistantAudible();
      if (bargedIn || !overlapped) {
        answer();
        return;
      }
      // Over the assistant with no voice heard locally (a cough, the line): whatever a
      // transcriber makes of it, it is not a turn.
      if (s !== undefined && !s.voiced) {
        backchannel(itemId);
        return;
      }
      stats.heldForWords++;
      held.set(itemId, now + waitMs);
    },
    transcript(itemId, text) {
      if (!held.has(itemId)) return;
      held.delete(itemId);
      if (judgeWords(text) !== 'barge_in') {
        backchannel(itemId);
        return;
      }
      if (ports.assistantAudible()) {
        stats.lateBargeIns++;
        ports.bargeIn();
      }
      answer();
    },
    tick(now) {
      for (const [itemId, deadline] of held) {
        if (now < deadline) continue;
        held.delete(itemId);
        stats.wordsTimedOut++;
        backchannel(itemId);
      }
    },
    reset() {
      started.clear();
      held.clear();
    },
    stats,
  };
}
