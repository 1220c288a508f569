import type { proto } from '@whiskeysockets/baileys';

/**
 * The messages this process sent lately, by id, so Baileys' getMessage can hand the original
 * back when a recipient's device asks for a retry (without it the retry fails and the
 * customer sees "waiting for this message"). Bounded: the oldest is forgotten first.
 */
export interface SentMessages {
  remember(id: string, message: proto.IMessage): void;
  get(id: string): proto.IMessage | undefined;
  readonly size: number;
}

export function createSentMessages(limit = 1000): SentMessages {
  const byId = new Map<string, proto.IMessage>();
  return {
    remember(id, message) {
      byId.delete(id);
      byId.set(id, message);
      // A Map iterates in insertion order: the first key is the oldest.
      while (byId.size > limit) {
        const oldest = byId.keys().next().value;
        if (oldest === undefined) break;
        byId.delete(oldest);
      }
    },
    get: (id) => byId.get(id),
    get size() {
      return byId.size;
    },
  };
}
