/**
 * The port through which the system writes to a customer. Today the only implementation
 * queues the message in `outbox_messages`, in the caller's transaction; the WhatsApp issue
 * delivers pending rows over the business's own WhatsApp and marks them sent or failed.
 */
import { outboxMessages } from '../../db/schema';
import type { Tx } from '../db/database';

export interface OutgoingMessage {
  channel: 'whatsapp';
  /** E.164. */
  toPhone: string;
  body: string;
  /** What caused it: the same key is queued once per business. */
  dedupeKey: string;
}

export interface MessagingPort {
  /** Resolves true when queued, false when a message with that key already was. */
  send(tx: Tx, businessId: string, message: OutgoingMessage): Promise<boolean>;
}

export const outboxMessaging: MessagingPort = {
  async send(tx, businessId, message) {
    const rows = await tx
      .insert(outboxMessages)
      .values({ businessId, ...message })
      .onConflictDoNothing({ target: [outboxMessages.businessId, outboxMessages.dedupeKey] })
      .returning({ id: outboxMessages.id });
    return rows.length > 0;
  },
};
