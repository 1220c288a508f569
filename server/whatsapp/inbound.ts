/**
 * A customer's WhatsApp message, from either provider, on its way to the assistant and back.
 * The webhook (Meta) or the socket (Baileys) only records it (its row in inbound_messages,
 * on the sender's lead) and a job, both keyed by the provider's message id, so a replayed
 * webhook or a re-delivered message is answered once.
 * The job asks the brain for a reply and queues it in the outbox with a dedupe key of the
 * same id: a retried job (the model timed out, the process died) never sends two replies.
 */
import { eq } from 'drizzle-orm';
import { inboundMessages } from '../../db/schema';
import type { Brain } from '../agent/brain';
import type { Database, Tx } from '../db/database';
import { enqueueJob } from '../jobs/queue';
import type { DetachedJob } from '../jobs/runner';
import { upsertLeadByPhone } from '../leads/upsert';
import { ValidationError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { outboxMessaging } from '../reminders/messaging';

export const WHATSAPP_INBOUND_JOB = 'whatsapp.inbound';
/** Retries span a few minutes (10 s doubling): a model outage longer than that is a person's job. */
const INBOUND_ATTEMPTS = 5;

/** What the assistant answers to a sticker, a voice note or a photo: it reads text only. */
export const TEXT_ONLY_REPLY = 'סליחה, כאן אפשר לענות רק על הודעות טקסט. אפשר לכתוב את הפנייה במילים?';

export interface InboundMessage {
  provider: 'meta' | 'baileys';
  /** The provider's id for the message (a wamid); the same message always has the same id. */
  messageId: string;
  /** The customer, E.164. */
  from: string;
  /** Null for anything but text (media, stickers, locations…). */
  text: string | null;
}

let duplicates = 0;
/** Messages seen again (Meta's retried webhooks, Baileys' re-deliveries) since the process started. */
export const inboundDuplicates = () => duplicates;

/**
 * Records the message as a job in the caller's transaction (the business's scope). Resolves
 * false when the message was already recorded: nothing new is queued.
 */
export async function enqueueInbound(
  tx: Tx,
  businessId: string,
  message: InboundMessage,
  log?: Logger,
): Promise<boolean> {
  const [received] = await tx
    .insert(inboundMessages)
    .values({
      businessId,
      provider: message.provider,
      providerMessageId: message.messageId,
      fromPhone: message.from,
      body: message.text,
    })
    .onConflictDoNothing({ target: [inboundMessages.businessId, inboundMessages.providerMessageId] })
    .returning({ id: inboundMessages.id });
  if (received) {
    // The person's lead: a repeat contact updates it, a new one creates it (source whatsapp).
    const leadId = await contactLead(tx, businessId, message.from);
    if (leadId) await tx.update(inboundMessages).set({ leadId }).where(eq(inboundMessages.id, received.id));
  }
  const id =
    received &&
    (await enqueueJob(tx, {
      kind: WHATSAPP_INBOUND_JOB,
      businessId,
      payload: { ...message },
      uniqueKey: `${WHATSAPP_INBOUND_JOB}:${businessId}:${message.messageId}`,
      maxAttempts: INBOUND_ATTEMPTS,
    }));
  if (id) return true;
  duplicates++;
  log?.debug(
    { businessId, provider: message.provider, messageId: message.messageId, duplicates },
    'whatsapp message seen before; not queued again',
  );
  return false;
}

async function contactLead(tx: Tx, businessId: string, phone: string): Promise<string | null> {
  try {
    return (await upsertLeadByPhone(tx, businessId, { phone, source: 'whatsapp' })).lead.id;
  } catch (err) {
    // A number our phone rules refuse still gets its answer; it just has no lead.
    if (err instanceof ValidationError) return null;
    throw err;
  }
}

export interface InboundDeps {
  brain: Pick<Brain, 'replyToText'>;
  db: Database;
  log: Logger;
}

/**
 * The whatsapp.inbound job: detached, since the brain opens its own transactions. At least
 * once: the brain may be asked twice about one message (its memory then holds the turn
 * twice), but the outbox's dedupe key lets only the first reply go out.
 */
export function inboundJob(deps: InboundDeps): DetachedJob {
  return {
    async detached(job) {
      const businessId = job.businessId;
      if (!businessId) throw new Error('an inbound WhatsApp job needs a business');
      const { messageId, from, text, provider } = job.payload as unknown as InboundMessage;
      if (!messageId || !from) throw new Error('an inbound WhatsApp job without its message');
      const log = deps.log.child({ businessId, provider, messageId, attempt: job.attempts });
      const answer = text?.trim()
        ? await deps.brain.replyToText({ businessId, from, text })
        : { reply: TEXT_ONLY_REPLY, via: 'text_only' as const };
      const queued = await deps.db.withTenant(businessId, (tx) =>
        outboxMessaging.send(tx, businessId, {
          channel: 'whatsapp',
          toPhone: from,
          body: answer.reply,
          dedupeKey: `reply:${messageId}`,
        }),
      );
      log.info({ via: answer.via, queued }, 'whatsapp message answered');
    },
  };
}
