/**
 * One conversation per contact per business (whatsapp_conversations): found by the contact's
 * number or user id (either finds it; a user id seen later beside a known number is added
 * to it), or by the group. Every message recorded or sent moves its counters and last
 * message here, in the same transaction, and is announced to open inboxes.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { whatsappConversations } from '../../../db/schema';
import type { Tx } from '../../db/database';

export type ConversationRow = typeof whatsappConversations.$inferSelect;

/** NOTIFY channel: a conversation of a business changed (a message, a status, the AI state). */
export const INBOX_CHANNEL = 'prosaas_whatsapp_inbox';

export interface InboxChange {
  businessId: string;
  conversationId: string;
}

/** Tells every process's open inboxes of this business, once the transaction commits. */
export async function announce(tx: Tx, businessId: string, conversationId: string): Promise<void> {
  const payload: InboxChange = { businessId, conversationId };
  await tx.execute(sql`select pg_notify(${INBOX_CHANNEL}, ${JSON.stringify(payload)})`);
}

export interface ContactRef {
  provider: 'meta' | 'baileys';
  /** E.164. */
  phone?: string | null;
  userId?: string | null;
  groupId?: string | null;
  name?: string | null;
}

/** The contact's conversation, created on first contact. */
export async function conversationFor(tx: Tx, businessId: string, ref: ContactRef): Promise<ConversationRow> {
  const found = await findConversation(tx, businessId, ref);
  if (found) {
    const patch: Partial<typeof whatsappConversations.$inferInsert> = {};
    if (!ref.groupId) {
      if (ref.userId && !found.contactUserId) patch.contactUserId = ref.userId;
      if (ref.phone && !found.contactPhone) patch.contactPhone = ref.phone;
    }
    if (ref.name && ref.name !== found.contactName) patch.contactName = ref.name;
    if (Object.keys(patch).length === 0) return found;
    const [updated] = await tx
      .update(whatsappConversations)
      .set(patch)
      .where(eq(whatsappConversations.id, found.id))
      .returning();
    return updated ?? found;
  }
  const [created] = await tx
    .insert(whatsappConversations)
    .values({
      businessId,
      provider: ref.provider,
      contactPhone: ref.groupId ? null : (ref.phone ?? null),
      contactUserId: ref.groupId ? null : (ref.userId ?? null),
      groupId: ref.groupId ?? null,
      contactName: ref.name ?? null,
    })
    .onConflictDoNothing()
    .returning();
  if (created) return created;
  // Another transaction created it meanwhile.
  const raced = await findConversation(tx, businessId, ref);
  if (!raced) throw new Error('conversation: neither created nor found');
  return raced;
}

async function findConversation(tx: Tx, businessId: string, ref: ContactRef) {
  const c = whatsappConversations;
  const one = async (where: ReturnType<typeof and>) =>
    (
      await tx
        .select()
        .from(c)
        .where(and(eq(c.businessId, businessId), where))
        .limit(1)
    )[0];
  if (ref.groupId) return one(eq(c.groupId, ref.groupId));
  if (ref.userId) {
    const byUser = await one(and(eq(c.contactUserId, ref.userId), isNull(c.groupId)));
    if (byUser) return byUser;
  }
  if (ref.phone) return one(and(eq(c.contactPhone, ref.phone), isNull(c.groupId)));
  return undefined;
}

/** A conversation by its contact's number (an outgoing message to a number). */
export async function conversationByPhone(tx: Tx, businessId: string, phone: string) {
  const c = whatsappConversations;
  const [row] = await tx
    .select()
    .from(c)
    .where(and(eq(c.businessId, businessId), eq(c.contactPhone, phone), isNull(c.groupId)))
    .limit(1);
  return row;
}

const PREVIEW_CHARS = 120;
export const preview = (text: string) =>
  text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text;

/** A customer's message was recorded: unread and last message. */
export async function noteInbound(
  tx: Tx,
  conversation: ConversationRow,
  at: Date,
  previewText: string,
  counts: boolean,
) {
  const c = whatsappConversations;
  await tx
    .update(c)
    .set({
      ...(counts
        ? {
            unreadCount: sql`${c.unreadCount} + 1`,
            lastMessageAt: sql`greatest(${c.lastMessageAt}, ${at.toISOString()}::timestamptz)`,
            lastMessagePreview: preview(previewText),
            lastDirection: 'in' as const,
          }
        : {}),
      lastInboundAt: sql`greatest(${c.lastInboundAt}, ${at.toISOString()}::timestamptz)`,
    })
    .where(eq(c.id, conversation.id));
  await announce(tx, conversation.businessId, conversation.id);
}

/** A message to the customer was queued: the conversation's last message, answered. */
export async function noteOutbound(tx: Tx, businessId: string, conversationId: string, body: string) {
  const c = whatsappConversations;
  await tx
    .update(c)
    .set({ lastMessageAt: sql`now()`, lastMessagePreview: preview(body), lastDirection: 'out' })
    .where(eq(c.id, conversationId));
  await announce(tx, businessId, conversationId);
}
