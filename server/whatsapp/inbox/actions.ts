/**
 * What staff do in the inbox: read a conversation, reply (through the same outbox and its
 * rules as every message to a customer), pause or resume the assistant, and set the
 * business's quiet time and templates. A staff reply pauses the assistant; every change
 * of the AI state is audited (ai-state.ts).
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { whatsappChannels, whatsappConversations, whatsappInboxSettings } from '../../../db/schema';
import { recordAudit } from '../../audit/service';
import type { Tx } from '../../db/database';
import { ConflictError, ValidationError } from '../../lib/errors';
import { outboxMessaging } from '../../reminders/messaging';
import { actorAudit, inBusiness, type ServiceContext } from '../../tenancy/scope';
import { type ChangeActor, clearNeedsHuman, DEFAULT_QUIET_MINUTES, pauseAi, resumeAi } from './ai-state';
import { announce } from './conversations';
import { conversationIn, conversationView, WINDOW_MS } from './service';

const who = (ctx: ServiceContext): ChangeActor => ({
  userId: ctx.actor.userId,
  name: ctx.actor.name,
  email: ctx.actor.email,
  ip: ctx.actor.ip,
  userAgent: ctx.actor.userAgent,
});

export function markRead(ctx: ServiceContext, businessId: string | undefined, id: string) {
  return inBusiness(ctx, businessId, 'whatsapp.inbox.read_mark', async (tx, bid) => {
    const conversation = await conversationIn(tx, bid, id);
    if (conversation.unreadCount > 0) {
      await tx.update(whatsappConversations).set({ unreadCount: 0 }).where(eq(whatsappConversations.id, id));
      await announce(tx, bid, id);
    }
    return { ok: true };
  });
}

export const replyBody = z.union([
  z.object({ text: z.string().trim().min(1).max(4096) }).strict(),
  z
    .object({
      template: z.object({
        name: z.string().trim().min(1).max(512),
        language: z.string().trim().min(2).max(15),
        params: z.array(z.string().trim().min(1).max(1024)).max(20),
      }),
    })
    .strict(),
]);
export type ReplyBody = z.infer<typeof replyBody>;

/** {{1}}, {{2}}… of an approved body filled in (what the inbox shows of a template sent). */
export function renderTemplate(body: string, params: readonly string[]): string {
  return body.replace(/\{\{(\d+)\}\}/g, (m, i) => params[Number(i) - 1] ?? m);
}

export function reply(
  ctx: ServiceContext,
  businessId: string | undefined,
  id: string,
  body: ReplyBody,
  now: Date,
) {
  return inBusiness(ctx, businessId, 'whatsapp.inbox.reply', async (tx, bid) => {
    const conversation = await conversationIn(tx, bid, id);
    if (conversation.groupId)
      throw new ConflictError('Group conversations are recorded, not answered from here');
    if (!conversation.contactPhone)
      throw new ConflictError('This customer hides their number; WhatsApp gives no way to write to them yet');
    // Without a link the message is still queued: the outbox fails it with the reason, shown on it.
    const [channel] = await tx.select().from(whatsappChannels).where(eq(whatsappChannels.businessId, bid));
    const provider = channel?.provider ?? conversation.provider;
    const open =
      provider === 'baileys' ||
      (conversation.lastInboundAt !== null &&
        now.getTime() - conversation.lastInboundAt.getTime() < WINDOW_MS);
    let text: string;
    let template: { name: string; language: string; params: string[] } | undefined;
    if ('text' in body) {
      if (!open)
        throw new ConflictError(
          'More than 24 hours since the customer wrote: only an approved template can be sent',
          {
            reason: 'window_closed',
          },
        );
      text = body.text;
    } else {
      if (provider !== 'meta') throw new ValidationError({ template: 'templates are a Cloud API feature' });
      const approved = (await templatesOf(tx, bid)).find(
        (t) => t.name === body.template.name && t.language === body.template.language,
      );
      if (!approved) throw new ValidationError({ template: 'is not one of the business’s templates' });
      const needed = new Set([...approved.body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => m[1])).size;
      if (body.template.params.length !== needed)
        throw new ValidationError({ params: `the template takes ${needed} parameters` });
      template = body.template;
      text = renderTemplate(approved.body, body.template.params);
    }
    await outboxMessaging.send(tx, bid, {
      channel: 'whatsapp',
      toPhone: conversation.contactPhone,
      body: text,
      dedupeKey: `staff:${crypto.randomUUID()}`,
      conversationId: conversation.id,
      senderUserId: ctx.actor.userId,
      senderName: ctx.actor.name,
      ...(template
        ? {
            templateName: template.name,
            templateLanguage: template.language,
            templateParams: template.params,
          }
        : {}),
    });
    // The staff have it now: the assistant steps back (its resume time moves with each reply).
    await pauseAi(tx, conversation, who(ctx), 'staff_reply', now);
    await clearNeedsHuman(tx, conversation, who(ctx));
    await tx.update(whatsappConversations).set({ unreadCount: 0 }).where(eq(whatsappConversations.id, id));
    return { conversation: conversationView(await conversationIn(tx, bid, id), now) };
  });
}

export const aiBody = z
  .object({ state: z.enum(['on', 'paused']), reason: z.string().trim().max(300).optional() })
  .strict();

export function setAi(
  ctx: ServiceContext,
  businessId: string | undefined,
  id: string,
  body: z.infer<typeof aiBody>,
  now: Date,
) {
  return inBusiness(ctx, businessId, 'whatsapp.inbox.ai', async (tx, bid) => {
    const conversation = await conversationIn(tx, bid, id);
    if (body.state === 'paused') await pauseAi(tx, conversation, who(ctx), body.reason || 'manual', now);
    else {
      await resumeAi(tx, conversation, who(ctx), body.reason || 'manual', now);
      await clearNeedsHuman(tx, conversation, who(ctx));
    }
    return { conversation: conversationView(await conversationIn(tx, bid, id), now) };
  });
}

export const settingsBody = z
  .object({
    /** Minutes after the last staff reply; null: the assistant never resumes by itself. */
    aiResumeAfterMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .nullable(),
    templates: z
      .array(
        z
          .object({
            name: z
              .string()
              .trim()
              .regex(/^[a-z0-9_]{1,512}$/, 'lower-case letters, digits and _'),
            language: z.string().trim().min(2).max(15),
            body: z.string().trim().min(1).max(1024),
          })
          .strict(),
      )
      .max(50),
  })
  .strict();

export async function templatesOf(tx: Tx, bid: string) {
  const [row] = await tx
    .select({ templates: whatsappInboxSettings.templates })
    .from(whatsappInboxSettings)
    .where(eq(whatsappInboxSettings.businessId, bid));
  return row?.templates ?? [];
}

export function getSettings(ctx: ServiceContext, businessId: string | undefined) {
  return inBusiness(ctx, businessId, 'whatsapp.inbox.settings', async (tx, bid) => {
    const [row] = await tx
      .select({
        aiResumeAfterMinutes: whatsappInboxSettings.aiResumeAfterMinutes,
        templates: whatsappInboxSettings.templates,
      })
      .from(whatsappInboxSettings)
      .where(eq(whatsappInboxSettings.businessId, bid));
    return row ?? { aiResumeAfterMinutes: DEFAULT_QUIET_MINUTES, templates: [] };
  });
}

export function putSettings(
  ctx: ServiceContext,
  businessId: string | undefined,
  body: z.infer<typeof settingsBody>,
) {
  return inBusiness(ctx, businessId, 'whatsapp.inbox.settings_update', async (tx, bid) => {
    const values = {
      aiResumeAfterMinutes: body.aiResumeAfterMinutes,
      templates: body.templates,
      updatedAt: new Date(),
    };
    await tx
      .insert(whatsappInboxSettings)
      .values({ businessId: bid, ...values })
      .onConflictDoUpdate({ target: whatsappInboxSettings.businessId, set: values });
    await recordAudit(tx, {
      businessId: bid,
      action: 'whatsapp.inbox_settings_changed',
      ...actorAudit(ctx.actor),
      details: {
        aiResumeAfterMinutes: body.aiResumeAfterMinutes,
        templates: body.templates.map((t) => t.name),
      },
    });
    return body;
  });
}
