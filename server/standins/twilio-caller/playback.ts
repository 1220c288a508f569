/** Bytes of 8 kHz μ-law the phone plays per millisecond. */
export const BYTES_PER_MS = 8;

/** A stretch of received audio and when it played, in ms since the stream started. */
export interface HeardSegment {
  startMs: number;
  endMs: number;
  audio: Uint8Array;
}

export interface HeardRange {
  startMs: number;
  endMs: number;
  bytes: number;
}

export interface MarkRecord {
  name: string;
  receivedAtMs: number;
  /** When the caller echoed it back (null while pending). */
  echoedAtMs: number | null;
  /** True when a `clear` released it rather than playback reaching it. */
  cleared: boolean;
}

/**
 * The phone's side of a bidirectional stream, without jitter: received audio joins a queue
 * that drains at 8 bytes/ms from the moment it arrives (or from when the audio ahead of it
 * ends). All times are ms since the stream started, passed in, so the model is pure.
 *
 * Invariants: a mark falls due exactly when every byte queued before it has played; `clear`
 * drops the unplayed rest of the queue and releases every pending mark at once; what was
 * heard never includes audio dropped by a clear or not yet played at `nowMs`.
 */
export function createPlayback() {
  const segments: HeardSegment[] = [];
  const marks: MarkRecord[] = [];
  const pending: Array<{ mark: MarkRecord; dueMs: number }> = [];
  const clears: number[] = [];
  let queueEndMs = 0;

  return {
    marks: marks as readonly MarkRecord[],
    clears: clears as readonly number[],

    /** Queues received audio. */
    media(nowMs: number, audio: Uint8Array): void {
      if (audio.length === 0) return;
      const startMs = Math.max(nowMs, queueEndMs);
      queueEndMs = startMs + audio.length / BYTES_PER_MS;
      segments.push({ startMs, endMs: queueEndMs, audio });
    },

    /** Queues a mark behind the audio received so far. */
    mark(nowMs: number, name: string): void {
      const mark: MarkRecord = { name, receivedAtMs: nowMs, echoedAtMs: null, cleared: false };
      marks.push(mark);
      pending.push({ mark, dueMs: Math.max(nowMs, queueEndMs) });
    },

    /** Marks whose audio has played by `nowMs`, in order; each is returned once. */
    takeDue(nowMs: number): string[] {
      const names: string[] = [];
      while (pending.length > 0 && (pending[0] as { dueMs: number }).dueMs <= nowMs) {
        const { mark } = pending.shift() as { mark: MarkRecord };
        mark.echoedAtMs = nowMs;
        names.push(mark.name);
      }
      return names;
    },

    /** When the next pending mark falls due (null when none is pending). */
    nextDueMs(): number | null {
      return pending[0]?.dueMs ?? null;
    },

    /** Drops unplayed audio; returns every pending mark's name, to echo at once. */
    clear(nowMs: number): string[] {
      clears.push(nowMs);
      while (segments.length > 0 && (segments.at(-1) as HeardSegment).startMs >= nowMs) segments.pop();
      const last = segments.at(-1);
      if (last && last.endMs > nowMs) {
        last.audio = last.audio.subarray(0, Math.floor((nowMs - last.startMs) * BYTES_PER_MS));
        last.endMs = last.startMs + last.audio.length / BYTES_PER_MS;
      }
      queueEndMs = Math.min(queueEndMs, nowMs);
      return pending.splice(0).map(({ mark }) => {
        mark.echoedAtMs = nowMs;
        mark.cleared = true;
        return mark.name;
      });
    },

    /** Audio played up to `nowMs`, segment by segment, clipped at `nowMs`. */
    heard(nowMs: number): HeardSegment[] {
      const out: HeardSegment[] = [];
      for (const s of segments) {
        if (s.startMs >= nowMs) break;
        if (s.endMs <= nowMs) out.push(s);
        else {
          const audio = s.audio.subarray(0, Math.floor((nowMs - s.startMs) * BYTES_PER_MS));
          out.push({ startMs: s.startMs, endMs: s.startMs + audio.length / BYTES_PER_MS, audio });
        }
      }
      return out;
    },

    /** Milliseconds of received audio still waiting to play at `nowMs`. */
    queuedMs(nowMs: number): number {
      return Math.max(0, queueEndMs - nowMs);
    },
  };
}

export type Playback = ReturnType<typeof createPlayback>;

/** Joins back-to-back segments into ranges (ms and byte counts). */
export function mergeHeard(segments: readonly HeardSegment[]): HeardRange[] {
  const ranges: HeardRange[] = [];
  for (const s of segments) {
    if (s.audio.length === 0) continue;
    const last = ranges.at(-1);
    if (last && Math.abs(last.endMs - s.startMs) < 1e-6) {
      last.endMs = s.endMs;
      last.bytes += s.audio.length;
    } else ranges.push({ startMs: s.startMs, endMs: s.endMs, bytes: s.audio.length });
  }
  return ranges;
}

/**
 * Milliseconds of audio the caller heard within [fromMs, toMs): e.g. how much assistant
 * speech still played after the caller started talking.
 */
export function heardMsBetween(
  ranges: readonly HeardRange[],
  fromMs: number,
  toMs = Number.POSITIVE_INFINITY,
): number {
  let total = 0;
  for (const r of ranges) total += Math.max(0, Math.min(r.endMs, toMs) - Math.max(r.startMs, fromMs));
  return total;
}
