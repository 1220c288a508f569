/**
 * The port through which the system writes to a customer. The message is queued in
 * `outbox_messages` with its delivery job, both in the caller's transaction: it goes out
 * exactly when the change that asked for it commits, and the same dedupe key twice
 * queues it once. server/whatsapp/deliver.ts sends it over the business's own WhatsApp.
 */
import { eq, sql } from 'drizzle-orm';
import { leads, outboxMessages } from '../../db/schema';
import type { Tx } from '../db/database';
import { enqueueJob } from '../jobs/queue';
import { conversationByPhone, noteOutbound } from '../whatsapp/inbox/conversations';

/** The job that delivers one outbox message (its handler: server/whatsapp/deliver.ts). */
export const WHATSAPP_DELIVER_JOB = 'whatsapp.deliver';
/** Retries span about 20 minutes (10 s doubling): a reconnecting WhatsApp catches up. */
const DELIVERY_ATTEMPTS = 8;

export interface OutgoingMessage {
  channel: 'whatsapp';
  /** E.164. */
  toPhone: string;
  body: string;
  /** The reminder template's body parameters, for a provider that needs a template. */
  templateParams?: string[];
  /** Not worth sending after this instant (a reminder once its appointment began). */
  expiresAt?: Date;
  /** What caused it: the same key is queued once per business. */
  dedupeKey: string;
  /** The WhatsApp conversation it answers; default: the conversation with that number, if any. */
  conversationId?: string;
  /** A staff member's message: who wrote it. */
  senderUserId?: string;
  senderName?: string;
  /** A template chosen by name (its body parameters in templateParams). */
  templateName?: string;
  templateLanguage?: string;
}

export interface MessagingPort {
  /** Resolves true when queued, false when a message with that key already was. */
  send(tx: Tx, businessId: string, message: OutgoingMessage): Promise<boolean>;
}

export const outboxMessaging: MessagingPort = {
  async send(tx, businessId, message) {
    // The lead with that number, if any, so the message is on its timeline.
    const leadId = sql`(select ${leads.id} from ${leads} where ${leads.businessId} = ${businessId} and ${leads.phone} = ${message.toPhone})`;
    const [row] = await tx
      .insert(outboxMessages)
      .values({ businessId, leadId, ...message })
      .onConflictDoNothing({ target: [outboxMessages.businessId, outboxMessages.dedupeKey] })
      .returning({ id: outboxMessages.id });
    if (!row) return false;
    const conversationId =
      message.conversationId ?? (await conversationByPhone(tx, businessId, message.toPhone))?.id;
    if (conversationId) {
      if (!message.conversationId)
        await tx.update(outboxMessages).set({ conversationId }).where(eq(outboxMessages.id, row.id));
      await noteOutbound(tx, businessId, conversationId, message.body);
    }
    await enqueueJob(tx, {
      kind: WHATSAPP_DELIVER_JOB,
      businessId,
      payload: { outboxId: row.id },
      uniqueKey: `${WHATSAPP_DELIVER_JOB}:${row.id}`,
      maxAttempts: DELIVERY_ATTEMPTS,
    });
    return true;
  },
};
