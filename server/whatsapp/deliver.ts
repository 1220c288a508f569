/**
 * Delivers one outbox message (the whatsapp.deliver job, queued with the message by
 * server/reminders/messaging.ts). Every message ends sent or failed with its reason, and
 * every failure is logged: nothing is dropped silently.
 *
 * At least once, not exactly once: the message row is locked while it is sent, and it is
 * marked sent in the job's transaction; if that commit fails after the provider accepted
 * the message, the retry sends it again. Neither provider takes an idempotency key.
 */
import { eq, max } from 'drizzle-orm';
import { inboundMessages, outboxMessages, whatsappConversations } from '../../db/schema';
import type { Tx } from '../db/database';
import type { JobHandler } from '../jobs/runner';
import type { Logger } from '../lib/logger';
import type { WhatsAppCarrier } from './carrier';
import { type ChannelRow, getChannel, recordStatus } from './channels';
import { announce } from './inbox/conversations';
import { WhatsAppSendError } from './transport';

export interface DeliverDeps {
  carrier: WhatsAppCarrier;
  log: Logger;
  /**
   * The live process that must send this channel's messages, when it is not this one (its
   * liveness session): the WhatsApp Web socket lives there. The job is handed to it.
   */
  ownerElsewhere?: (tx: Tx, channel: ChannelRow, me: string | null) => Promise<string | null>;
}

export function whatsappDeliverJob(deps: DeliverDeps): JobHandler {
  return async (tx, job, now) => {
    const outboxId = String(job.payload.outboxId ?? '');
    const businessId = job.businessId;
    if (!businessId) throw new Error('a delivery job needs a business');
    const [msg] = await tx.select().from(outboxMessages).where(eq(outboxMessages.id, outboxId)).for('update');
    if (msg?.status !== 'pending') return; // already settled by an earlier attempt
    const log = deps.log.child({ businessId, outboxId, attempt: job.attempts });
    const fail = async (reason: string) => {
      await settle(tx, outboxId, { status: 'failed', lastError: reason, attempts: job.attempts });
      log.warn({ reason }, 'whatsapp message not delivered');
    };

    if (msg.expiresAt && msg.expiresAt <= now) return fail('expired before it could be sent');
    const channel = await getChannel(tx, businessId);
    if (!channel || channel.status === 'not_connected') return fail('the business has no connected WhatsApp');
    if (channel.provider === 'baileys') {
      const owner = await deps.ownerElsewhere?.(tx, channel, job.lockedSession);
      if (owner) return { forward: owner };
    }

    try {
      const { messageId } = await deps.carrier.send(
        channel,
        {
          to: msg.toPhone,
          body: msg.body,
          templateParams: msg.templateParams ?? undefined,
          ...(msg.templateName
            ? {
                template: {
                  name: msg.templateName,
                  language: msg.templateLanguage ?? channel.metaTemplateLanguage,
                },
              }
            : {}),
          customerWroteAt: await lastWrote(tx, msg),
        },
        now,
      );
      await settle(tx, outboxId, {
        status: 'sent',
        sentAt: now,
        providerMessageId: messageId,
        lastError: null,
        attempts: job.attempts,
      });
      log.info({ provider: channel.provider, messageId }, 'whatsapp message sent');
    } catch (err) {
      const e =
        err instanceof WhatsAppSendError
          ? err
          : new WhatsAppSendError(err instanceof Error ? err.message : String(err), 'retry');
      if (e.failure === 'permanent') return fail(e.message);
      if (e.failure === 'disconnected') {
        await recordStatus(tx, businessId, { status: 'disconnected', reason: e.message }, now);
      }
      if (job.attempts >= job.maxAttempts)
        return fail(`gave up after ${job.attempts} attempts: ${e.message}`);
      log.warn({ failure: e.failure, code: e.code, err: e.message }, 'whatsapp send failed; will retry');
      // Kept (the link's new status), and the message retried after the backoff.
      return { retry: e.message };
    }
  };
}

/** Settles the row; an open inbox shows the message's new state. */
async function settle(tx: Tx, id: string, values: Partial<typeof outboxMessages.$inferInsert>) {
  const [row] = await tx
    .update(outboxMessages)
    .set(values)
    .where(eq(outboxMessages.id, id))
    .returning({ businessId: outboxMessages.businessId, conversationId: outboxMessages.conversationId });
  if (row?.conversationId) await announce(tx, row.businessId, row.conversationId);
}

/** When the customer last wrote to the business on WhatsApp, if ever: in the conversation, or as the lead. */
async function lastWrote(
  tx: Tx,
  msg: { leadId: string | null; conversationId: string | null },
): Promise<Date | undefined> {
  if (msg.conversationId) {
    const [c] = await tx
      .select({ at: whatsappConversations.lastInboundAt })
      .from(whatsappConversations)
      .where(eq(whatsappConversations.id, msg.conversationId));
    if (c?.at) return c.at;
  }
  if (!msg.leadId) return undefined;
  const [row] = await tx
    .select({ at: max(inboundMessages.receivedAt) })
    .from(inboundMessages)
    .where(eq(inboundMessages.leadId, msg.leadId));
  return row?.at ?? undefined;
}
