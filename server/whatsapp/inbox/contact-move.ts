/**
 * A customer changed their WhatsApp number (Meta's `user_changed_number` system message):
 * their conversation and their lead follow them to the new number, so the next message from
 * it continues the same conversation on the same lead. When the new number already has a
 * lead of its own, the lead is left as it is (a merge is a person's decision) and only the
 * conversation moves.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { leads, whatsappConversations } from '../../../db/schema';
import { recordAudit } from '../../audit/service';
import type { Tx } from '../../db/database';
import { announce } from './conversations';

export async function moveContact(tx: Tx, businessId: string, oldPhone: string, newPhone: string) {
  if (oldPhone === newPhone) return false;
  const c = whatsappConversations;
  const [taken] = await tx
    .select({ id: c.id })
    .from(c)
    .where(and(eq(c.businessId, businessId), eq(c.contactPhone, newPhone), isNull(c.groupId)));
  const [moved] = taken
    ? []
    : await tx
        .update(c)
        .set({ contactPhone: newPhone })
        .where(and(eq(c.businessId, businessId), eq(c.contactPhone, oldPhone), isNull(c.groupId)))
        .returning({ id: c.id });
  const [leadTaken] = await tx
    .select({ id: leads.id })
    .from(leads)
    .where(and(eq(leads.businessId, businessId), eq(leads.phone, newPhone)));
  const [lead] = leadTaken
    ? []
    : await tx
        .update(leads)
        .set({ phone: newPhone })
        .where(and(eq(leads.businessId, businessId), eq(leads.phone, oldPhone)))
        .returning({ id: leads.id });
  await recordAudit(tx, {
    businessId,
    action: 'whatsapp.contact_number_changed',
    targetType: 'whatsapp_conversation',
    targetId: moved?.id ?? taken?.id,
    details: { conversationMoved: Boolean(moved), leadMoved: Boolean(lead), leadId: lead?.id },
  });
  if (moved) await announce(tx, businessId, moved.id);
  return Boolean(moved);
}
