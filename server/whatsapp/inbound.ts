/**
 * A customer's WhatsApp message, from either provider, on its way to the inbox, the
 * assistant and back. The webhook (Meta) or the socket (Baileys) only records it (its row in
 * inbound_messages, in the contact's conversation, on the sender's lead) and a job, both
 * keyed by the provider's message id, so a replayed webhook or a re-delivered message is
 * recorded and answered once.
 *
 * The job fetches what the message carries (a photo, a file, a voice note, which it
 * transcribes), then, unless the conversation is the staff's (the AI paused) or the message
 * is not one to answer (a group, a reaction, a number change), asks the brain for a reply
 * and queues it in the outbox with a dedupe key of the same id: a retried job (the model
 * timed out, the process died) never sends two replies.
 */
import { and, eq } from 'drizzle-orm';
import { inboundMessages, whatsappConversations } from '../../db/schema';
import type { Brain } from '../agent/brain';
import type { Database, Tx } from '../db/database';
import { emitEvent } from '../events/events';
import { enqueueJob } from '../jobs/queue';
import type { DetachedJob } from '../jobs/runner';
import { upsertLeadByPhone } from '../leads/upsert';
import { ValidationError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { outboxMessaging } from '../reminders/messaging';
import { assistantAnswers, raiseNeedsHuman } from './inbox/ai-state';
import { announce, type ConversationRow, conversationFor, noteInbound } from './inbox/conversations';
import type { MediaPipeline } from './media/pipeline';
import type { MediaRef } from './media/types';

export type { MediaRef } from './media/types';

export const WHATSAPP_INBOUND_JOB = 'whatsapp.inbound';
/** Retries span a few minutes (10 s doubling): a model outage longer than that is a person's job. */
const INBOUND_ATTEMPTS = 5;

/** What the assistant answers to a sticker or a photo without words: it reads text (and voice). */
export const TEXT_ONLY_REPLY = 'סליחה, כאן אפשר לענות רק על הודעות טקסט. אפשר לכתוב את הפנייה במילים?';

export interface InboundMessage {
  provider: 'meta' | 'baileys';
  /** The provider's id for the message (a wamid); the same message always has the same id. */
  messageId: string;
  /** The customer, E.164; null for a username customer whose number is hidden. */
  from: string | null;
  /** Meta's business-scoped user id, or a Baileys LID. */
  fromUserId?: string | null;
  /** Written in a group: recorded in the group's conversation, never answered. */
  groupId?: string | null;
  /** The profile name WhatsApp gave for the contact (for a group: the group's subject). */
  contactName?: string | null;
  /** In a group: who wrote it. */
  senderName?: string | null;
  /** text, image, audio, voice, video, document, sticker, location, contacts, interactive, button, reaction, system, unsupported. */
  kind: string;
  /** What the assistant reads: the text, the caption, the tapped title. Null: no words. */
  text: string | null;
  details?: Record<string, unknown>;
  media?: MediaRef;
  /** When the customer sent it (the provider's timestamp, whole seconds): kept in the details. */
  at?: Date;
}

/** Kinds that are not someone writing to be answered. */
const NOT_ANSWERED = new Set(['reaction', 'system']);
/** Kinds that do not count as unread nor move the conversation's last message. */
const NOT_COUNTED = new Set(['reaction', 'system']);

let duplicates = 0;
/** Messages seen again (Meta's retried webhooks, Baileys' re-deliveries) since the process started. */
export const inboundDuplicates = () => duplicates;

/** What the inbox shows as a conversation's last message. */
export function previewOf(m: Pick<InboundMessage, 'kind' | 'text' | 'details'>): string {
  const labels: Record<string, string> = {
    image: '📷 תמונה',
    video: '🎬 וידאו',
    audio: '🎤 הודעה קולית',
    voice: '🎤 הודעה קולית',
    document: '📄 מסמך',
    sticker: 'מדבקה',
    location: '📍 מיקום',
    contacts: '👤 איש קשר',
    unsupported: 'הודעה שאינה נתמכת',
  };
  if (m.text) return m.text;
  return labels[m.kind] ?? 'הודעה';
}

/**
 * Records the message in the caller's transaction (the business's scope): its row, its
 * conversation, the sender's lead, and the job that fetches, transcribes and answers.
 * Resolves false when the message was already recorded: nothing new is queued.
 */
export async function enqueueInbound(
  tx: Tx,
  businessId: string,
  message: InboundMessage,
  log?: Logger,
  now = new Date(),
): Promise<boolean> {
  // Our clock, not the provider's timestamp (whole seconds): two messages in one second keep their order.
  const at = now;
  const [received] = await tx
    .insert(inboundMessages)
    .values({
      businessId,
      provider: message.provider,
      providerMessageId: message.messageId,
      fromPhone: message.from,
      fromUserId: message.fromUserId ?? null,
      senderName: message.senderName ?? null,
      kind: message.kind,
      body: message.text,
      details: detailsOf(message),
      mediaStatus: message.media ? 'pending' : null,
      transcriptStatus: message.media && isAudio(message) ? 'pending' : null,
      receivedAt: at,
    })
    .onConflictDoNothing({ target: [inboundMessages.businessId, inboundMessages.providerMessageId] })
    .returning({ id: inboundMessages.id });
  if (!received) {
    duplicates++;
    log?.debug(
      { businessId, provider: message.provider, messageId: message.messageId, duplicates },
      'whatsapp message seen before; not queued again',
    );
    return false;
  }
  const conversation = await conversationFor(tx, businessId, {
    provider: message.provider,
    phone: message.from,
    userId: message.fromUserId,
    groupId: message.groupId,
    name: message.contactName,
  });
  // The person's lead: a repeat contact updates it, a new one creates it (source whatsapp).
  const leadId = message.groupId || !message.from ? null : await contactLead(tx, businessId, message.from);
  if (leadId && conversation.leadId !== leadId)
    await tx
      .update(whatsappConversations)
      .set({ leadId })
      .where(eq(whatsappConversations.id, conversation.id));
  const answers =
    !message.groupId && !NOT_ANSWERED.has(message.kind) && (await assistantAnswers(tx, conversation, now));
  const handling = answers
    ? 'assistant'
    : message.groupId || NOT_ANSWERED.has(message.kind)
      ? 'none'
      : 'paused';
  await tx
    .update(inboundMessages)
    .set({ leadId, conversationId: conversation.id, handling })
    .where(eq(inboundMessages.id, received.id));
  await noteInbound(tx, conversation, at, previewOf(message), !NOT_COUNTED.has(message.kind));
  await emitEvent(tx, businessId, {
    type: 'whatsapp.message.received',
    inboundMessageId: received.id,
    actorUserId: null,
  });
  if (handling === 'assistant' || message.media)
    await enqueueJob(tx, {
      kind: WHATSAPP_INBOUND_JOB,
      businessId,
      payload: {
        inboundId: received.id,
        messageId: message.messageId,
        provider: message.provider,
        from: message.from,
      },
      uniqueKey: `${WHATSAPP_INBOUND_JOB}:${businessId}:${message.messageId}`,
      maxAttempts: INBOUND_ATTEMPTS,
    });
  return true;
}

function detailsOf(m: InboundMessage): Record<string, unknown> | null {
  const details = {
    ...m.details,
    ...(m.media ? { media: m.media } : {}),
    ...(m.at && !Number.isNaN(m.at.getTime()) ? { sentAt: m.at.toISOString() } : {}),
  };
  return Object.keys(details).length ? details : null;
}

const isAudio = (m: Pick<InboundMessage, 'kind'>) => m.kind === 'audio' || m.kind === 'voice';

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
  /** Fetches, stores and transcribes what messages carry; without it media stays a reference. */
  media?: MediaPipeline;
  now?: () => Date;
}

type InboundRow = typeof inboundMessages.$inferSelect;

/**
 * The whatsapp.inbound job: detached, since the brain opens its own transactions. At least
 * once: the brain may be asked twice about one message (its memory then holds the turn
 * twice), but the outbox's dedupe key lets only the first reply go out.
 */
export function inboundJob(deps: InboundDeps): DetachedJob {
  const now = deps.now ?? (() => new Date());
  return {
    async detached(job) {
      const businessId = job.businessId;
      if (!businessId) throw new Error('an inbound WhatsApp job needs a business');
      const { inboundId, messageId, provider } = job.payload as {
        inboundId?: string;
        messageId?: string;
        provider?: string;
      };
      if (!messageId) throw new Error('an inbound WhatsApp job without its message');
      const log = deps.log.child({ businessId, provider, messageId, attempt: job.attempts });
      // Jobs queued before conversations named the message only by its provider id.
      let row = await loadRow(deps.db, businessId, inboundId ? { id: inboundId } : { messageId });
      if (!row) throw new Error('an inbound WhatsApp job whose message is gone');
      if (row.mediaStatus === 'pending' && deps.media) {
        await deps.media.process(businessId, row, log);
        row = (await loadRow(deps.db, businessId, { id: row.id })) ?? row;
      }
      if (row.handling !== 'assistant' || !row.conversationId || !row.fromPhone) return;
      const conversationId = row.conversationId;
      const rowId = row.id;
      // The staff may have taken the conversation since the message arrived.
      const stillOurs = await deps.db.withTenant(businessId, async (tx) => {
        const conversation = await conversationRow(tx, conversationId);
        if (conversation && (await assistantAnswers(tx, conversation, now()))) return true;
        await tx.update(inboundMessages).set({ handling: 'paused' }).where(eq(inboundMessages.id, rowId));
        await announce(tx, businessId, conversationId);
        return false;
      });
      if (!stillOurs) return log.info('whatsapp message left to the staff: the assistant is paused');
      const text = row.body?.trim() ? row.body : row.transcript?.trim() ? row.transcript : null;
      const from = row.fromPhone;
      const answer = text
        ? await deps.brain.replyToText({
            businessId,
            from,
            text,
            transfer: async (reason) => {
              await deps.db.withTenant(businessId, async (tx) => {
                const conversation = await conversationRow(tx, conversationId);
                if (conversation) await raiseNeedsHuman(tx, conversation, reason, now());
              });
              log.info('whatsapp conversation needs a human');
              // Nobody takes a WhatsApp conversation live: the request waits for the team.
              return false;
            },
          })
        : { reply: TEXT_ONLY_REPLY, via: 'text_only' as const };
      const queued = await deps.db.withTenant(businessId, (tx) =>
        outboxMessaging.send(tx, businessId, {
          channel: 'whatsapp',
          toPhone: from,
          body: answer.reply,
          dedupeKey: `reply:${messageId}`,
          conversationId,
        }),
      );
      log.info({ via: answer.via, queued }, 'whatsapp message answered');
    },
  };
}

function loadRow(
  db: Database,
  businessId: string,
  by: { id: string } | { messageId: string },
): Promise<InboundRow | undefined> {
  return db.withTenant(businessId, async (tx) => {
    const [row] = await tx
      .select()
      .from(inboundMessages)
      .where(
        and(
          eq(inboundMessages.businessId, businessId),
          'id' in by ? eq(inboundMessages.id, by.id) : eq(inboundMessages.providerMessageId, by.messageId),
        ),
      );
    return row;
  });
}

async function conversationRow(tx: Tx, id: string): Promise<ConversationRow | undefined> {
  const [row] = await tx.select().from(whatsappConversations).where(eq(whatsappConversations.id, id));
  return row;
}
