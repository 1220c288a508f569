import type { RealtimeError } from 'openai/resources/realtime/realtime';
import { type ConversationItem, realtimeErrors } from './events.ts';

interface Entry {
  item: ConversationItem & { id: string };
  /** Milliseconds of assistant audio the item holds; null for items without output audio. */
  audioMs: number | null;
}

export type Outcome<T = undefined> = { ok: true; value: T } | { ok: false; error: RealtimeError };

/**
 * The server's view of the conversation: item order, and how much audio each assistant
 * item holds, which is what truncation is checked against.
 */
export function createConversation(opts: { rejectZeroTruncate?: boolean } = {}) {
  const order: string[] = [];
  const entries = new Map<string, Entry>();

  return {
    get: (id: string) => entries.get(id),
    lastId: (): string | null => order.at(-1) ?? null,
    ids: (): readonly string[] => order,

    /** Inserts after `previousItemId` ('root' = first; absent = last). Returns the id it follows. */
    add(
      item: ConversationItem & { id: string },
      previousItemId?: string | null,
      audioMs: number | null = null,
    ): Outcome<string | null> {
      if (entries.has(item.id)) return { ok: false, error: realtimeErrors.itemExists(item.id) };
      let at = order.length;
      if (previousItemId === 'root') at = 0;
      else if (previousItemId) {
        const index = order.indexOf(previousItemId);
        if (index < 0) return { ok: false, error: realtimeErrors.previousNotFound(previousItemId) };
        at = index + 1;
      }
      order.splice(at, 0, item.id);
      entries.set(item.id, { item, audioMs });
      return { ok: true, value: at > 0 ? (order[at - 1] ?? null) : null };
    },

    /** Grows an assistant item's audio as deltas are streamed. */
    addAudio(id: string, ms: number): void {
      const entry = entries.get(id);
      if (entry) entry.audioMs = (entry.audioMs ?? 0) + ms;
    },

    delete(id: string): Outcome {
      if (!entries.delete(id)) return { ok: false, error: realtimeErrors.deleteUnknownItem(id) };
      order.splice(order.indexOf(id), 1);
      return { ok: true, value: undefined };
    },

    /**
     * Invariant: succeeds only for an assistant audio item with `audioEndMs` ≤ its audio;
     * afterwards the item holds exactly `audioEndMs` and its transcript is dropped (the
     * service removes text the user never heard).
     */
    truncate(id: string, audioEndMs: number): Outcome<{ audioMs: number }> {
      const entry = entries.get(id);
      if (!entry) return { ok: false, error: realtimeErrors.truncateUnknownItem(id) };
      const { item } = entry;
      if (item.type !== 'message' || item.role !== 'assistant' || entry.audioMs === null)
        return { ok: false, error: realtimeErrors.truncateNotAudio() };
      const audioMs = Math.round(entry.audioMs);
      if (audioEndMs > audioMs)
        return { ok: false, error: realtimeErrors.truncateTooLong(audioMs, audioEndMs) };
      if (audioEndMs <= 0 && opts.rejectZeroTruncate)
        return { ok: false, error: realtimeErrors.truncateZero() };
      entry.audioMs = audioEndMs;
      for (const part of item.content) if (part.transcript) part.transcript = '';
      return { ok: true, value: { audioMs } };
    },
  };
}

export type Conversation = ReturnType<typeof createConversation>;
