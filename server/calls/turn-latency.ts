/**
 * What the caller waited, turn by turn: from the moment they stopped talking (the local VAD's
 * voiced end) to the moment the assistant's answer started playing on their line. Split at the
 * points we can see: the answer's first audio received from upstream (upstream's share: its
 * end-of-turn detection and the model), its first frame sent to Twilio (ours: relay and
 * pacer queue), and the start of its playback as Twilio's mark echo proves it (the line's:
 * the mark is echoed when the audio before it has played, so the first byte started playing
 * the mark's offset minus the byte's offset earlier). Pure: times are handed in.
 */

export interface TurnLatency {
  /** Ms since the call was answered when the caller stopped. */
  atMs: number;
  /** Caller stopped → first assistant audio received (upstream's share). */
  upstreamMs: number;
  /** First audio received → its first frame sent to Twilio (ours). */
  relayMs: number;
  /** First frame sent → it started playing, per the echoed mark (Twilio and the line). */
  lineMs: number;
  /** Caller stopped → assistant heard. */
  totalMs: number;
}

export interface TurnLatencyTracker {
  /** The caller's voiced speech ended (the last end before an answer counts). */
  callerStopped(now: number): void;
  /** An assistant delta arrived; `offset`: where its bytes start in the pacer's generation. */
  assistantAudio(now: number, generation: number, offset: number): void;
  /** The pacer sent bytes `[end - bytes, end)` of `generation`. */
  sent(now: number, generation: number, end: number): void;
  /** Twilio echoed a mark at `offset` of `generation`. */
  mark(now: number, generation: number, offset: number): void;
  readonly turns: readonly TurnLatency[];
  /** Answers that never reached the caller (cut by a barge-in, or the call ended). */
  readonly unheard: number;
}

const MAX_TURNS = 200;

export function createTurnLatency(origin: number): TurnLatencyTracker {
  const turns: TurnLatency[] = [];
  let unheard = 0;
  let stopAt: number | null = null;
  let received: { at: number; generation: number; offset: number } | null = null;
  let sentAt: number | null = null;

  function reset(): void {
    stopAt = null;
    received = null;
    sentAt = null;
  }

  return {
    callerStopped(now) {
      if (received !== null) {
        // The caller spoke again before the answer was heard: that answer is not this turn's.
        unheard++;
        received = null;
        sentAt = null;
      }
      stopAt = now;
    },
    assistantAudio(now, generation, offset) {
      if (stopAt === null || received !== null) return;
      received = { at: now, generation, offset };
    },
    sent(now, generation, end) {
      if (received === null || sentAt !== null) return;
      if (generation !== received.generation) {
        unheard++; // a clear dropped it before its first frame went out
        reset();
        return;
      }
      if (end > received.offset) sentAt = now;
    },
    mark(now, generation, offset) {
      if (received === null || sentAt === null || stopAt === null) return;
      if (generation !== received.generation) {
        unheard++;
        reset();
        return;
      }
      if (offset <= received.offset) return;
      // The mark follows `offset - received.offset` bytes of this answer: 8 bytes a millisecond.
      const heardAt = Math.max(sentAt, now - (offset - received.offset) / 8);
      if (turns.length < MAX_TURNS)
        turns.push({
          atMs: Math.round(stopAt - origin),
          upstreamMs: Math.round(received.at - stopAt),
          relayMs: Math.round(sentAt - received.at),
          lineMs: Math.round(heardAt - sentAt),
          totalMs: Math.round(heardAt - stopAt),
        });
      reset();
    },
    turns,
    get unheard() {
      return unheard;
    },
  };
}
