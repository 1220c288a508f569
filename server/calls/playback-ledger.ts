/**
 * The playback clock of one call: which assistant audio was queued, and how much of it the
 * caller has heard, by byte position rather than by time.
 *
 * Assistant audio is numbered by byte offset in a stream that restarts at 0 with every clear
 * (a "generation"); each item occupies spans of that stream. The pacer names its marks
 * `p<generation>.<offset>`, so an echoed mark says "the first `offset` bytes of this
 * generation have played". What an item was heard for is the overlap of its spans with that
 * played prefix: nothing goes stale between replies, a multi-item reply is split exactly, and
 * it can never exceed the audio the item has.
 *
 * Between echoes the heard position is interpolated with the playback clock: Twilio plays at
 * 8 bytes per ms, so from the last echoed mark (its offset, the time its echo arrived) the
 * caller has heard what followed it for the time since, but never a frame before the pacer
 * scheduled it to play (a queue that ran dry) and never beyond what was sent. That is a lower
 * bound of the truth, short by the echo's transit and by what Twilio plays while our `clear`
 * travels. Both are learned: an echo arrives at least (forward + return transit) after the
 * pacer scheduled that audio to end, so the smallest such lag seen is added to the
 * interpolation. It is a minimum, so a late echo never inflates it; it creeps up by 1 ms per
 * echo when the network slows, and it is clamped to `MAX_LAG_MS`. Every echo also carries the
 * echoer's own scheduling delay (a timer firing a ms or two after the mark fell due), which the
 * clear's arrival does not: `ECHO_DELAY_MARGIN_MS` of the lag is left out, so the estimate stays
 * at or below what was heard (a truncation a few ms short is inaudible; one past what was
 * heard claims sound the caller never got).
 *
 * A rewind (soft barge-in) ends the mark generation without ending the stream: Twilio dropped
 * what it held, offsets continue from the heard point, and the same items resume from there.
 */
import { ULAW_BYTES_PER_MS } from './events.ts';
import { parsePlaybackMark } from './twilio-codec.ts';

export interface EndedItem {
  itemId: string;
  sentMs: number;
  heardMs: number;
  /** Its audio is finished and was all heard: upstream's record of it is already right. */
  complete: boolean;
}

export type MarkOutcome = 'played' | 'stale' | 'foreign';

export interface PlaybackLedger {
  readonly generation: number;
  readonly enqueuedBytes: number;
  readonly playedBytes: number;
  /** Starts tracking an item before its audio arrives (so a barge-in can delete it). */
  track(itemId: string, responseId: string): void;
  /** `byteLength` bytes of `itemId` were queued for playback, after everything queued so far. */
  append(itemId: string, responseId: string, byteLength: number): void;
  audioDone(itemId: string): void;
  responseDone(responseId: string): void;
  /** An echoed mark at `now`. Marks of an earlier generation (echoed by a clear) change nothing. */
  confirm(markName: string, now?: number): MarkOutcome;
  /** The pacer sent bytes `[end - bytes, end)` of this generation, scheduled to start playing at `playsAt`. */
  sent(end: number, bytes: number, playsAt: number): void;
  /** Byte offset the caller has heard by `now`: interpolated from the last echo, at most what was sent. */
  heardAt(now: number): number;
  /** The end of what the pacer sent in this generation. */
  readonly sentBytes: number;
  /** The learned forward-plus-return transit added to the interpolation (ms). */
  readonly lagMs: number;
  /** Audio queued and not yet confirmed played. */
  hasPendingAudio(): boolean;
  heardMs(itemId: string): number | undefined;
  /**
   * Ends the generation (a clear): reports every tracked item as heard up to `heardAt(now)`,
   * forgets them, restarts at 0.
   */
  endGeneration(now?: number): EndedItem[];
  /**
   * A soft clear: Twilio dropped what it held; the stream continues from the heard point,
   * which becomes the played position. Returns that offset (where the pacer resumes).
   */
  rewind(now: number): number;
}

interface Item {
  itemId: string;
  responseId: string;
  /** Flat `[start, end, start, end, ...]` byte ranges in the current generation. */
  spans: number[];
  bytes: number;
  audioDone: boolean;
}

const REMEMBERED_HEARD = 64;
/** Frames of send history kept for interpolation (2.56 s of 20 ms frames). */
const SEND_LOG = 128;
const MAX_LAG_MS = 150;
const ECHO_DELAY_MARGIN_MS = 4;

function heardBytes(item: Item, played: number): number {
  let heard = 0;
  const spans = item.spans;
  for (let i = 0; i < spans.length; i += 2) {
    const start = spans[i] as number;
    if (played > start) heard += Math.min(played, spans[i + 1] as number) - start;
  }
  return heard;
}

const toMs = (bytes: number) => Math.floor(bytes / ULAW_BYTES_PER_MS);

export function createPlaybackLedger(): PlaybackLedger {
  let generation = 0;
  let enqueued = 0;
  let played = 0;
  /** The last echo: the offset it confirmed and when it arrived (-Infinity: none yet). */
  let anchorAt = Number.NEGATIVE_INFINITY;
  /** Send history ring: end offset, byte count and scheduled start of each frame. */
  const logEnd = new Float64Array(SEND_LOG);
  const logBytes = new Float64Array(SEND_LOG);
  const logPlaysAt = new Float64Array(SEND_LOG);
  let logCount = 0;
  let logNext = 0;
  let sentEnd = 0;
  /** Round trip learned from echoes (ms); a network property, kept across generations. */
  let lagMs = Number.POSITIVE_INFINITY;

  /** An echo of the mark after the frame ending at `offset` arrived at `now`: learn the lag. */
  function learnLag(offset: number, now: number): void {
    for (let k = 0; k < logCount; k++) {
      const i = (logNext - 1 - k + SEND_LOG) % SEND_LOG;
      if (logEnd[i] !== offset) continue;
      const sample = now - ((logPlaysAt[i] as number) + (logBytes[i] as number) / ULAW_BYTES_PER_MS);
      const clamped = Math.min(Math.max(sample, 0), MAX_LAG_MS);
      lagMs = lagMs === Number.POSITIVE_INFINITY ? clamped : Math.min(clamped, lagMs + 1);
      return;
    }
  }
  const items: Item[] = [];
  const byId = new Map<string, Item>();
  /** Heard ms of items no longer tracked, for reports and tests; bounded. */
  const finalHeard = new Map<string, number>();

  function remember(itemId: string, ms: number): void {
    finalHeard.delete(itemId);
    finalHeard.set(itemId, ms);
    if (finalHeard.size > REMEMBERED_HEARD) {
      const oldest = finalHeard.keys().next().value;
      if (oldest !== undefined) finalHeard.delete(oldest);
    }
  }

  function get(itemId: string, responseId: string): Item {
    let item = byId.get(itemId);
    if (item === undefined) {
      item = { itemId, responseId, spans: [], bytes: 0, audioDone: false };
      items.push(item);
      byId.set(itemId, item);
    }
    return item;
  }

  function resetClock(): void {
    anchorAt = Number.NEGATIVE_INFINITY;
    logCount = 0;
    logNext = 0;
  }

  /**
   * Walks the frames sent after the last echo: each plays for its length, starting when the one
   * before it ended or when it was scheduled, whichever is later.
   */
  function heardAt(now: number): number {
    let pos = played;
    let t = anchorAt - (Number.isFinite(lagMs) ? Math.max(0, lagMs - ECHO_DELAY_MARGIN_MS) : 0);
    const first = (logNext - logCount + SEND_LOG) % SEND_LOG;
    for (let k = 0; k < logCount; k++) {
      const i = (first + k) % SEND_LOG;
      const end = logEnd[i] as number;
      if (end <= pos) continue;
      const start = Math.max(end - (logBytes[i] as number), pos);
      if (start > pos) break; // a gap in the history: nothing known past it
      if ((logPlaysAt[i] as number) > t) t = logPlaysAt[i] as number;
      const ms = (end - start) / ULAW_BYTES_PER_MS;
      if (t + ms <= now) {
        pos = end;
        t += ms;
      } else {
        if (now > t) pos = start + Math.floor((now - t) * ULAW_BYTES_PER_MS);
        break;
      }
    }
    return Math.min(pos, Math.max(sentEnd, played), enqueued);
  }

  /** Forgets items that finished and fully played: nothing about them can change any more. */
  function prune(): void {
    for (let i = items.length - 1; i >= 0; i--) {
      const item = items[i] as Item;
      const end = item.spans.length === 0 ? 0 : (item.spans[item.spans.length - 1] as number);
      if (!item.audioDone || end > played) continue;
      remember(item.itemId, toMs(item.bytes));
      byId.delete(item.itemId);
      items.splice(i, 1);
    }
  }

  return {
    get generation() {
      return generation;
    },
    get enqueuedBytes() {
      return enqueued;
    },
    get playedBytes() {
      return played;
    },
    track(itemId, responseId) {
      get(itemId, responseId);
    },
    append(itemId, responseId, byteLength) {
      const item = get(itemId, responseId);
      const last = item.spans.length - 1;
      if (last > 0 && item.spans[last] === enqueued) item.spans[last] = enqueued + byteLength;
      else item.spans.push(enqueued, enqueued + byteLength);
      item.bytes += byteLength;
      enqueued += byteLength;
    },
    audioDone(itemId) {
      const item = byId.get(itemId);
      if (item === undefined) return;
      item.audioDone = true;
      prune();
    },
    responseDone(responseId) {
      for (const item of items) if (item.responseId === responseId) item.audioDone = true;
      prune();
    },
    confirm(markName, now = Number.NEGATIVE_INFINITY) {
      const mark = parsePlaybackMark(markName);
      if (mark === null) return 'foreign';
      if (mark.generation !== generation) return 'stale';
      const offset = Math.min(mark.offset, enqueued); // a mark cannot confirm audio never queued
      if (offset > played) {
        played = offset;
        anchorAt = now;
        if (Number.isFinite(now)) learnLag(offset, now);
        prune();
      }
      return 'played';
    },
    sent(end, bytes, playsAt) {
      logEnd[logNext] = end;
      logBytes[logNext] = bytes;
      logPlaysAt[logNext] = playsAt;
      logNext = (logNext + 1) % SEND_LOG;
      if (logCount < SEND_LOG) logCount++;
      if (end > sentEnd) sentEnd = end;
    },
    heardAt,
    get lagMs() {
      return Number.isFinite(lagMs) ? lagMs : 0;
    },
    get sentBytes() {
      return Math.max(sentEnd, played);
    },
    hasPendingAudio: () => enqueued > played,
    heardMs(itemId) {
      const item = byId.get(itemId);
      return item === undefined ? finalHeard.get(itemId) : toMs(heardBytes(item, played));
    },
    endGeneration(now = Number.NEGATIVE_INFINITY) {
      const heardTo = Math.max(played, heardAt(now));
      const ended = items.map((item) => {
        const heard = heardBytes(item, heardTo);
        remember(item.itemId, toMs(heard));
        return {
          itemId: item.itemId,
          sentMs: toMs(item.bytes),
          heardMs: toMs(heard),
          complete: item.audioDone && heard >= item.bytes,
        };
      });
      items.length = 0;
      byId.clear();
      generation++;
      enqueued = 0;
      played = 0;
      resetClock();
      sentEnd = 0;
      return ended;
    },
    rewind(now) {
      const to = Math.max(played, heardAt(now));
      generation++;
      played = to;
      resetClock();
      sentEnd = to;
      prune();
      return to;
    },
  };
}
