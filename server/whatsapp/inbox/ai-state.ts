/**
 * Who answers a conversation: the assistant ('on') or the staff ('paused', by whom, when,
 * why). A staff reply pauses it; it resumes at the customer's first message after the
 * business's quiet time (whatsapp_inbox_settings.ai_resume_after_minutes; null: never), or when
 * someone resumes it. The assistant's transfer_to_human raises "needs a human" (and pauses
 * it, so the person who takes over is not talked over). Every change is audited in the
 * transaction that makes it.
 */
import { eq } from 'drizzle-orm';
import { whatsappConversations, whatsappInboxSettings } from '../../../db/schema';
import { recordAudit } from '../../audit/service';
import type { Tx } from '../../db/database';
import type { ConversationRow } from './conversations';
import { announce } from './conversations';

/** Who made a change; null: the system (the assistant, a quiet time that ran out). */
export interface ChangeActor {
  userId: string;
  name: string;
  email?: string;
  ip?: string;
  userAgent?: string;
}

/** A business that never set it: the assistant answers again an hour after the last staff reply. */
export const DEFAULT_QUIET_MINUTES = 60;

async function quietMinutes(tx: Tx, businessId: string): Promise<number | null> {
  const [row] = await tx
    .select({ minutes: whatsappInboxSettings.aiResumeAfterMinutes })
    .from(whatsappInboxSettings)
    .where(eq(whatsappInboxSettings.businessId, businessId));
  return row ? row.minutes : DEFAULT_QUIET_MINUTES;
}

async function audit(
  tx: Tx,
  conversation: ConversationRow,
  action: string,
  by: ChangeActor | null,
  details: Record<string, unknown>,
) {
  await recordAudit(tx, {
    businessId: conversation.businessId,
    actorUserId: by?.userId ?? null,
    actorEmail: by?.email ?? null,
    ip: by?.ip,
    userAgent: by?.userAgent,
    action,
    targetType: 'whatsapp_conversation',
    targetId: conversation.id,
    details,
  });
}

/** Pauses the assistant (or, already paused, moves its resume time on). */
export async function pauseAi(
  tx: Tx,
  conversation: ConversationRow,
  by: ChangeActor | null,
  reason: string,
  now: Date,
): Promise<ConversationRow> {
  const minutes = await quietMinutes(tx, conversation.businessId);
  const resumeAt = minutes === null ? null : new Date(now.getTime() + minutes * 60_000);
  const [row] = await tx
    .update(whatsappConversations)
    .set({
      aiState: 'paused',
      aiChangedAt: now,
      aiChangedByUserId: by?.userId ?? null,
      aiChangedByName: by?.name ?? null,
      aiReason: reason,
      aiResumeAt: resumeAt,
    })
    .where(eq(whatsappConversations.id, conversation.id))
    .returning();
  if (conversation.aiState !== 'paused')
    await audit(tx, conversation, 'whatsapp.ai_paused', by, {
      reason,
      resumeAt: resumeAt?.toISOString() ?? null,
    });
  await announce(tx, conversation.businessId, conversation.id);
  return row ?? conversation;
}

export async function resumeAi(
  tx: Tx,
  conversation: ConversationRow,
  by: ChangeActor | null,
  reason: string,
  now: Date,
): Promise<ConversationRow> {
  const [row] = await tx
    .update(whatsappConversations)
    .set({
      aiState: 'on',
      aiChangedAt: now,
      aiChangedByUserId: by?.userId ?? null,
      aiChangedByName: by?.name ?? null,
      aiReason: reason,
      aiResumeAt: null,
    })
    .where(eq(whatsappConversations.id, conversation.id))
    .returning();
  if (conversation.aiState !== 'on') await audit(tx, conversation, 'whatsapp.ai_resumed', by, { reason });
  await announce(tx, conversation.businessId, conversation.id);
  return row ?? conversation;
}

/** The assistant asked for a person: flagged, and the assistant steps back. */
export async function raiseNeedsHuman(tx: Tx, conversation: ConversationRow, reason: string, now: Date) {
  await tx
    .update(whatsappConversations)
    .set({ needsHuman: true, needsHumanReason: reason, needsHumanAt: now })
    .where(eq(whatsappConversations.id, conversation.id));
  await audit(tx, conversation, 'whatsapp.needs_human', null, { reason });
  return pauseAi(tx, conversation, null, 'needs_human', now);
}

export async function clearNeedsHuman(tx: Tx, conversation: ConversationRow, by: ChangeActor) {
  if (!conversation.needsHuman) return;
  await tx
    .update(whatsappConversations)
    .set({ needsHuman: false, needsHumanReason: null, needsHumanAt: null })
    .where(eq(whatsappConversations.id, conversation.id));
  await audit(tx, conversation, 'whatsapp.needs_human_cleared', by, {});
  await announce(tx, conversation.businessId, conversation.id);
}

/**
 * Whether the assistant answers the customer's message arriving now: on; or paused with a
 * quiet time that has run out, in which case it resumes here (audited as the system's).
 */
export async function assistantAnswers(tx: Tx, conversation: ConversationRow, now: Date): Promise<boolean> {
  if (conversation.aiState === 'on') return true;
  if (conversation.aiResumeAt && conversation.aiResumeAt <= now) {
    await resumeAi(tx, conversation, null, 'quiet_time', now);
    return true;
  }
  return false;
}
