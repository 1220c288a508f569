/**
 * Playing a business's cached greeting, and catching it the first time the live model says
 * it. Pure: no I/O, no clock.
 *
 * **Playback.** The cached audio is fed to the turn machine as one response of our own, with
 * the same events upstream's would produce (created, the message item, its deltas, done), so
 * it goes through the one pacer path: paced with marks, recorded, and a barge-in over it
 * clears, rewinds and is judged like any other. Upstream is told the greeting was said by an
 * assistant item with our own id (`conversation.item.create`); as it holds text, not audio,
 * the truncate a barge-in asks for becomes "delete the item, add what was heard of it".
 *
 * **Capture.** The first response of a call without a cached greeting is the greeting: its
 * μ-law deltas are kept if it completed, nobody interrupted it, and its transcript is the
 * greeting's text (a model that said something else is not replayed to every caller).
 */
import type { CallEvent, TurnCommand, UpstreamEvent } from '../events.ts';
import { assistantText, deleteItem, encodeClientEvent } from '../realtime-codec.ts';
import { type CachedGreeting, MAX_GREETING_BYTES, MIN_GREETING_BYTES } from './greeting-store.ts';

export const CACHED_GREETING_RESPONSE = 'resp_cached_greeting';

/** An item id of our own (the service accepts client ids of up to 32 characters). */
export function greetingItemId(): string {
  return `greet_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`;
}

/** The turn machine's view of the cached greeting: one complete response with one message. */
export function greetingPlaybackEvents(greeting: CachedGreeting, itemId: string): CallEvent[] {
  const responseId = CACHED_GREETING_RESPONSE;
  const events: CallEvent[] = [
    { type: 'response_created', responseId },
    { type: 'output_item_added', responseId, itemId, itemType: 'message' },
  ];
  for (const c of greeting.chunks)
    events.push({ type: 'assistant_audio', responseId, itemId, audioBase64: c.base64, byteLength: c.bytes });
  events.push({ type: 'assistant_audio_done', responseId, itemId });
  events.push({ type: 'response_done', responseId, status: 'completed' });
  return events;
}

/** The conversation's record that the greeting was said (sent in the session's first frames). */
export function greetingItemFrame(itemId: string, text: string): string {
  const event = assistantText(text);
  return encodeClientEvent({ ...event, item: { ...event.item, id: itemId } });
}

/** The words of `text` heard in `heardMs` of `durationMs`, with an ellipsis when cut. */
export function heardPart(text: string, heardMs: number, durationMs: number): string {
  const words = text.split(/\s+/).filter(Boolean);
  if (durationMs <= 0 || heardMs >= durationMs) return text;
  const n = Math.max(1, Math.ceil((words.length * heardMs) / durationMs));
  return n >= words.length ? text : `${words.slice(0, n).join(' ')}…`;
}

/**
 * Upstream frames for a barge-in's truncate or delete of the greeting item (null: the
 * command is not about it). Heard for a moment: replaced by the words heard; not at all: deleted.
 */
export function greetingCommandFrames(
  command: TurnCommand,
  greeting: { itemId: string; text: string; durationMs: number },
): string[] | null {
  if (command.type !== 'upstream_truncate' && command.type !== 'upstream_delete_item') return null;
  if (command.itemId !== greeting.itemId) return null;
  const frames = [encodeClientEvent(deleteItem(greeting.itemId))];
  if (command.type === 'upstream_truncate')
    frames.push(
      encodeClientEvent(assistantText(heardPart(greeting.text, command.audioEndMs, greeting.durationMs))),
    );
  return frames;
}

/** Letters and digits only: punctuation and spacing are not a different greeting. */
export function normalisedText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '')
    .toLowerCase();
}

export interface GreetingCapture {
  /** Every upstream event of the call, in order. */
  observe(event: UpstreamEvent): void;
  readonly state: 'waiting' | 'capturing' | 'done';
}

export interface GreetingCaptureOptions {
  text: string;
  /** Barge-ins so far: a greeting the caller interrupted is not kept. */
  interruptions(): number;
  onCaptured(audio: Uint8Array): void;
  onRejected(reason: string): void;
}

export function createGreetingCapture(o: GreetingCaptureOptions): GreetingCapture {
  let state: GreetingCapture['state'] = 'waiting';
  let responseId = '';
  let interruptionsAtStart = 0;
  let transcript = '';
  // Grown as the greeting arrives (a few seconds, mostly), never past MAX_GREETING_BYTES.
  let buffer = new Uint8Array(0);
  let length = 0;
  let overflow = false;

  /** Why the finished greeting cannot be replayed, or null when it can. */
  function refusal(status: string): string | null {
    if (status !== 'completed') return `the greeting response ended ${status}`;
    if (o.interruptions() !== interruptionsAtStart) return 'the caller interrupted the greeting';
    if (overflow) return 'the greeting is longer than the cache keeps';
    if (length < MIN_GREETING_BYTES) return 'the greeting had too little audio';
    if (normalisedText(transcript) !== normalisedText(o.text))
      return 'the model said something other than the greeting';
    return null;
  }

  function finish(status: string): void {
    state = 'done';
    const why = refusal(status);
    if (why) o.onRejected(why);
    else o.onCaptured(buffer.slice(0, length));
    buffer = new Uint8Array(0); // the call goes on for minutes: the capture holds nothing now
  }

  return {
    observe(ev) {
      if (state === 'done') return;
      if (state === 'waiting') {
        if (ev.type !== 'response_created') return;
        state = 'capturing';
        responseId = ev.responseId;
        interruptionsAtStart = o.interruptions();
        return;
      }
      if (ev.type === 'assistant_audio' && ev.responseId === responseId) {
        const bytes = Buffer.from(ev.audioBase64, 'base64');
        if (overflow || length + bytes.length > MAX_GREETING_BYTES) {
          overflow = true; // never kept: what was caught so far is let go at once
          buffer = new Uint8Array(0);
          return;
        }
        if (length + bytes.length > buffer.length) {
          const grown = new Uint8Array(
            Math.min(MAX_GREETING_BYTES, Math.max(length + bytes.length, 2 * buffer.length, 16_000)),
          );
          grown.set(buffer.subarray(0, length));
          buffer = grown;
        }
        buffer.set(bytes, length);
        length += bytes.length;
      } else if (ev.type === 'assistant_transcript_done' && ev.responseId === responseId) {
        transcript += ev.transcript;
      } else if (ev.type === 'response_done' && ev.responseId === responseId) {
        finish(ev.status);
      }
    },
    get state() {
      return state;
    },
  };
}
