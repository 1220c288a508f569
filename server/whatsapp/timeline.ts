/**
 * WhatsApp messages as entries of a lead's timeline (registered in server/app.ts): what the
 * customer wrote (inbound_messages) and what went to them (outbox_messages: replies and
 * reminders, with their delivery outcome).
 */
import { and, eq } from 'drizzle-orm';
import { inboundMessages, outboxMessages } from '../../db/schema';
import { afterCursor, type TimelineSource, timelineKey, timelineOrder } from '../leads/timeline-source';

export const messageTimeline: TimelineSource = async (tx, lead, page) => {
  const incoming = await tx
    .select({
      id: inboundMessages.id,
      at: inboundMessages.receivedAt,
      key: timelineKey(inboundMessages.receivedAt),
      body: inboundMessages.body,
    })
    .from(inboundMessages)
    .where(
      and(
        eq(inboundMessages.leadId, lead.id),
        afterCursor('message', inboundMessages.receivedAt, inboundMessages.id, page.after),
      ),
    )
    .orderBy(...timelineOrder(inboundMessages.receivedAt, inboundMessages.id))
    .limit(page.limit);
  const outgoing = await tx
    .select({
      id: outboxMessages.id,
      at: outboxMessages.createdAt,
      key: timelineKey(outboxMessages.createdAt),
      body: outboxMessages.body,
      status: outboxMessages.status,
      lastError: outboxMessages.lastError,
      sentAt: outboxMessages.sentAt,
    })
    .from(outboxMessages)
    .where(
      and(
        eq(outboxMessages.leadId, lead.id),
        afterCursor('message', outboxMessages.createdAt, outboxMessages.id, page.after),
      ),
    )
    .orderBy(...timelineOrder(outboxMessages.createdAt, outboxMessages.id))
    .limit(page.limit);
  return [
    ...incoming.map((m) => ({
      kind: 'message',
      id: m.id,
      key: m.key,
      at: m.at.toISOString(),
      data: { direction: 'in', channel: 'whatsapp', body: m.body },
    })),
    ...outgoing.map((m) => ({
      kind: 'message',
      id: m.id,
      key: m.key,
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
