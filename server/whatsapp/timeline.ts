/**
 * WhatsApp messages as entries of a lead's timeline (server/leads/timeline.ts): what the
 * customer wrote (inbound_messages) and what went to them (outbox_messages: replies and
 * reminders, with their delivery outcome).
 */
import { desc, eq } from 'drizzle-orm';
import { inboundMessages, outboxMessages } from '../../db/schema';
import type { TimelineSource } from '../leads/timeline';

export const messageTimeline: TimelineSource = async (tx, lead, limit) => {
  const incoming = await tx
    .select({ id: inboundMessages.id, at: inboundMessages.receivedAt, body: inboundMessages.body })
    .from(inboundMessages)
    .where(eq(inboundMessages.leadId, lead.id))
    .orderBy(desc(inboundMessages.receivedAt))
    .limit(limit);
  const outgoing = await tx
    .select({
      id: outboxMessages.id,
      at: outboxMessages.createdAt,
      body: outboxMessages.body,
      status: outboxMessages.status,
      lastError: outboxMessages.lastError,
      sentAt: outboxMessages.sentAt,
    })
    .from(outboxMessages)
    .where(eq(outboxMessages.leadId, lead.id))
    .orderBy(desc(outboxMessages.createdAt))
    .limit(limit);
  return [
    ...incoming.map((m) => ({
      kind: 'message',
      id: m.id,
      at: m.at.toISOString(),
      data: { direction: 'in', channel: 'whatsapp', body: m.body },
    })),
    ...outgoing.map((m) => ({
      kind: 'message',
      id: m.id,
      at: m.at.toISOString(),
      data: {
        direction: 'out',
        channel: 'whatsapp',
        body: m.body,
        status: m.status,
        failure: m.status === 'failed' ? m.lastError : null,
        sentAt: m.sentAt?.toISOString() ?? null,
      },
    })),
  ];
};
