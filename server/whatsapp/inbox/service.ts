/**
 * The inbox's reads: the business's conversations (newest first, searched, filtered) and
 * one conversation with its messages, both sides, each outgoing one with its delivery state
 * and sender, reactions on the message they react to, and whether Meta's 24-hour window
 * is open. Everything runs in the business's scope (inBusiness).
 */
import { and, desc, eq, gt, ilike, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import {
  inboundMessages,
  leads,
  outboxMessages,
  whatsappChannels,
  whatsappConversations,
  whatsappInboxSettings,
} from '../../../db/schema';
import { NotFoundError } from '../../lib/errors';
import { isUuid } from '../../lib/ids';
import { decodeCursor, encodeCursor } from '../../lib/keyset';
import { inBusiness, type ServiceContext } from '../../tenancy/scope';
import type { ConversationRow } from './conversations';

export const INBOX_FILTERS = ['all', 'unread', 'ai_on', 'paused', 'needs_human', 'unanswered'] as const;
export type InboxFilter = (typeof INBOX_FILTERS)[number];

/** Meta's customer service window. */
export const WINDOW_MS = 24 * 3_600_000;

export function conversationView(c: ConversationRow, now: Date) {
  // A quiet time that ran out shows as on: the next customer message resumes it.
  return {
    id: c.id,
    provider: c.provider,
    contactPhone: c.contactPhone,
    contactUserId: c.contactUserId,
    contactName: c.contactName,
    groupId: c.groupId,
    isGroup: c.groupId !== null,
    leadId: c.leadId,
    unreadCount: c.unreadCount,
    lastMessageAt: c.lastMessageAt?.toISOString() ?? null,
    lastMessagePreview: c.lastMessagePreview,
    lastDirection: c.lastDirection,
    ai: {
      state: c.aiState,
      changedAt: c.aiChangedAt?.toISOString() ?? null,
      changedBy: c.aiChangedByName,
      reason: c.aiReason,
      resumeAt: c.aiResumeAt?.toISOString() ?? null,
    },
    needsHuman: c.needsHuman
      ? { reason: c.needsHumanReason, at: c.needsHumanAt?.toISOString() ?? null }
      : null,
    window: windowOf(c, now),
  };
}

function windowOf(c: ConversationRow, now: Date) {
  if (c.provider === 'baileys') return { open: true, closesAt: null };
  const closesAt = c.lastInboundAt ? new Date(c.lastInboundAt.getTime() + WINDOW_MS) : null;
  return { open: closesAt !== null && closesAt > now, closesAt: closesAt?.toISOString() ?? null };
}

const PAGE = 50;

export function listConversations(
  ctx: ServiceContext,
  businessId: string | undefined,
  opts: { q?: string; filter?: InboxFilter; before?: string },
  now: Date,
) {
  return inBusiness(ctx, businessId, 'whatsapp.inbox.list', async (tx, bid) => {
    const c = whatsappConversations;
    const where: SQL[] = [eq(c.businessId, bid)];
    const q = opts.q?.trim();
    if (q) {
      const like = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      const digits = q.replace(/\D/g, '');
      const leadName = tx
        .select({ id: leads.id })
        .from(leads)
        .where(and(eq(leads.businessId, bid), ilike(leads.name, like)));
      const match = or(
        ilike(c.contactName, like),
        digits.length >= 3 ? ilike(c.contactPhone, `%${digits}%`) : undefined,
        inArray(c.leadId, leadName),
      );
      if (match) where.push(match);
    }
    switch (opts.filter) {
      case 'unread':
        where.push(gt(c.unreadCount, 0));
        break;
      case 'ai_on':
        where.push(or(eq(c.aiState, 'on'), lt(c.aiResumeAt, now)) as SQL, isNull(c.groupId));
        break;
      case 'paused':
        where.push(eq(c.aiState, 'paused'), or(isNull(c.aiResumeAt), gt(c.aiResumeAt, now)) as SQL);
        break;
      case 'needs_human':
        where.push(eq(c.needsHuman, true));
        break;
      case 'unanswered':
        where.push(eq(c.lastDirection, 'in'), isNull(c.groupId));
        break;
    }
    // PostgreSQL's own text of the instant: a millisecond Date would hide the rows between it and the microsecond.
    const after = opts.before ? decodeCursor(opts.before, 'before') : undefined;
    const read = (extra: SQL | undefined, limit: number) =>
      tx
        .select({ row: c, at: sql<string | null>`${c.lastMessageAt}::text` })
        .from(c)
        .where(and(...where, extra))
        .orderBy(sql`${c.lastMessageAt} desc nulls last`, desc(c.id))
        .limit(limit);
    // After a cursor, the conversations with a message past it (a range of the index; an OR
    // with "no message yet" would walk the index from its start), then those without one.
    const found = after
      ? await read(
          sql`(${c.lastMessageAt}, ${c.id}) < (${after.at}::timestamptz, ${after.id}::uuid)`,
          PAGE + 1,
        )
      : await read(undefined, PAGE + 1);
    if (after && found.length <= PAGE)
      found.push(...(await read(isNull(c.lastMessageAt), PAGE + 1 - found.length)));
    const rows = found.map((f) => f.row);
    const page = rows.slice(0, PAGE);
    const lastAt = found[page.length - 1]?.at;
    const last = page.at(-1);
    const [unread] = await tx
      .select({ n: sql<number>`coalesce(sum(${c.unreadCount}), 0)::int` })
      .from(c)
      .where(eq(c.businessId, bid));
    return {
      conversations: page.map((r) => conversationView(r, now)),
      // Conversations without a message yet sort last and end the pages.
      nextCursor: rows.length > PAGE && last && lastAt ? encodeCursor({ at: lastAt, id: last.id }) : null,
      unreadTotal: unread?.n ?? 0,
    };
  });
}

export async function conversationIn(
  tx: Parameters<Parameters<typeof inBusiness>[3]>[0],
  bid: string,
  id: string,
) {
  if (!isUuid(id)) throw new NotFoundError('Conversation');
  const [row] = await tx
    .select()
    .from(whatsappConversations)
    .where(and(eq(whatsappConversations.businessId, bid), eq(whatsappConversations.id, id)));
  if (!row) throw new NotFoundError('Conversation');
  return row;
}

const MESSAGES = 200;

export function getConversation(ctx: ServiceContext, businessId: string | undefined, id: string, now: Date) {
  return inBusiness(ctx, businessId, 'whatsapp.inbox.read', async (tx, bid) => {
    const conversation = await conversationIn(tx, bid, id);
    const incoming = await tx
      .select()
      .from(inboundMessages)
      .where(eq(inboundMessages.conversationId, id))
      .orderBy(desc(inboundMessages.receivedAt))
      .limit(MESSAGES);
    const outgoing = await tx
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.conversationId, id))
      .orderBy(desc(outboxMessages.createdAt))
      .limit(MESSAGES);
    // A reaction is shown on its message (the latest per reacted message; an empty emoji takes it back).
    const reactions = new Map<string, string>();
    for (const m of [...incoming].reverse()) {
      const r = (m.details as { reaction?: { messageId?: string; emoji?: string } } | null)?.reaction;
      if (m.kind === 'reaction' && r?.messageId) reactions.set(r.messageId, r.emoji ?? '');
    }
    const messages = [
      ...incoming
        .filter((m) => m.kind !== 'reaction')
        .map((m) => ({
          id: m.id,
          direction: 'in' as const,
          at: m.receivedAt.toISOString(),
          kind: m.kind,
          body: m.body,
          senderName: m.senderName,
          details: publicDetails(m.details),
          media:
            m.mediaStatus === null
              ? null
              : {
                  status: m.mediaStatus,
                  mime: m.mediaMime,
                  bytes: m.mediaBytes,
                  url: m.mediaStatus === 'stored' ? `/api/inbox/messages/${m.id}/media` : null,
                },
          transcript: m.transcriptStatus === null ? null : { status: m.transcriptStatus, text: m.transcript },
          handling: m.handling,
          reaction: reactions.get(m.providerMessageId) || null,
        })),
      ...outgoing.map((m) => ({
        id: m.id,
        direction: 'out' as const,
        at: m.createdAt.toISOString(),
        kind: m.templateName ? 'template' : 'text',
        body: m.body,
        senderName: m.senderName,
        sender: m.senderUserId
          ? ('staff' as const)
          : m.dedupeKey.startsWith('reply:')
            ? ('assistant' as const)
            : ('system' as const),
        delivery:
          m.status === 'failed'
            ? 'failed'
            : m.readAt
              ? 'read'
              : m.deliveredAt
                ? 'delivered'
                : m.status === 'sent'
                  ? 'sent'
                  : 'pending',
        failure: m.status === 'failed' ? m.lastError : null,
        reaction: (m.providerMessageId && reactions.get(m.providerMessageId)) || null,
      })),
    ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    const lead = conversation.leadId
      ? (
          await tx
            .select({
              id: leads.id,
              name: leads.name,
              phone: leads.phone,
              email: leads.email,
              source: leads.source,
              createdAt: leads.createdAt,
            })
            .from(leads)
            .where(eq(leads.id, conversation.leadId))
        )[0]
      : undefined;
    const [channel] = await tx
      .select({ provider: whatsappChannels.provider })
      .from(whatsappChannels)
      .where(eq(whatsappChannels.businessId, bid));
    const [settings] = await tx
      .select({ templates: whatsappInboxSettings.templates })
      .from(whatsappInboxSettings)
      .where(eq(whatsappInboxSettings.businessId, bid));
    return {
      conversation: conversationView(conversation, now),
      messages,
      lead: lead ? { ...lead, createdAt: lead.createdAt.toISOString() } : null,
      templates: (channel?.provider ?? conversation.provider) === 'meta' ? (settings?.templates ?? []) : [],
    };
  });
}

/** What the dashboard may see of a message's details: not the provider's media keys. */
function publicDetails(details: Record<string, unknown> | null) {
  if (!details) return null;
  const { media: _media, ...rest } = details;
  return rest;
}

export function mediaOf(ctx: ServiceContext, businessId: string | undefined, messageId: string) {
  return inBusiness(ctx, businessId, 'whatsapp.inbox.media', async (tx, bid) => {
    if (!isUuid(messageId)) throw new NotFoundError('Media');
    const [m] = await tx
      .select({
        key: inboundMessages.mediaKey,
        mime: inboundMessages.mediaMime,
        status: inboundMessages.mediaStatus,
      })
      .from(inboundMessages)
      .where(and(eq(inboundMessages.businessId, bid), eq(inboundMessages.id, messageId)));
    if (!m?.key || m.status !== 'stored') throw new NotFoundError('Media');
    return { key: m.key, mime: m.mime ?? 'application/octet-stream' };
  });
}
