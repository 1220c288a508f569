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
  /** An echoed mark. Marks of an earlier generation (echoed by a clear) change nothing. */
  confirm(markName: string): MarkOutcome;
  /** Audio queued and not yet confirmed played. */
  hasPendingAudio(): boolean;
  heardMs(itemId: string): number | undefined;
  /** Ends the generation (a clear): reports every tracked item, forgets them, restarts at 0. */
  endGeneration(): EndedItem[];
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
    confirm(markName) {
      const mark = parsePlaybackMark(markName);
      if (mark === null) return 'foreign';
      if (mark.generation !== generation) return 'stale';
      const offset = Math.min(mark.offset, enqueued); // a mark cannot confirm audio never queued
      if (offset > played) {
        played = offset;
        prune();
      }
      return 'played';
    },
    hasPendingAudio: () => enqueued > played,
    heardMs(itemId) {
      const item = byId.get(itemId);
      return item === undefined ? finalHeard.get(itemId) : toMs(heardBytes(item, played));
    },
    endGeneration() {
      const ended = items.map((item) => {
        const heard = heardBytes(item, played);
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
      return ended;
    },
  };
}
