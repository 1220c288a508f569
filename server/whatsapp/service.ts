/**
 * The dashboard's view of the business's WhatsApp and the owner's actions on it: link a
 * Meta Cloud API number (checked against Graph before it is saved), pair a Baileys
 * session by QR, unlink. Outgoing messages are listed with their outcome, so a failed
 * reminder is seen, not lost.
 */
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { OUTBOX_STATUSES, outboxMessages, whatsappChannels } from '../../db/schema';
import type { Tx } from '../db/database';
import { pgErrorCode, UNIQUE_VIOLATION } from '../db/pg-error';
import { AppError, ValidationError } from '../lib/errors';
import { cappedCount } from '../lib/keyset';
import type { SecretBox } from '../lib/secrets';
import { inBusiness, type ServiceContext } from '../tenancy/scope';
import type { WhatsAppSessions } from './baileys/sessions';
import { type ChannelRow, getChannel } from './channels';
import type { MetaClient } from './meta/graph-client';
import { WhatsAppSendError } from './transport';

export interface WhatsAppServiceDeps {
  box: SecretBox;
  meta: MetaClient;
  sessions: WhatsAppSessions;
  now?: () => Date;
}

const RECENT_MESSAGES = 50;

export const metaChannelBody = z
  .object({
    phoneNumberId: z
      .string()
      .trim()
      .regex(/^\d{5,20}$/, 'must be the numeric phone number ID from Meta'),
    /** Omitted to keep the stored token (changing only the template, say). */
    accessToken: z.string().trim().min(20, 'is too short to be an access token').max(1024).optional(),
    reminderTemplate: z
      .string()
      .trim()
      .regex(/^[a-z0-9_]{1,512}$/, 'must be a template name (lowercase letters, digits, _)')
      .nullable()
      .optional(),
    templateLanguage: z
      .string()
      .trim()
      .regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'must be a language code such as he or en_US')
      .optional(),
  })
  .strict();
export type MetaChannelBody = z.infer<typeof metaChannelBody>;

function view(row: ChannelRow | undefined) {
  if (!row) return null;
  return {
    provider: row.provider,
    status: row.status,
    statusReason: row.statusReason,
    statusChangedAt: row.statusChangedAt.toISOString(),
    phoneNumber: row.phoneNumber,
    meta:
      row.provider === 'meta'
        ? {
            phoneNumberId: row.metaPhoneNumberId,
            hasAccessToken: Boolean(row.metaAccessTokenSealed),
            reminderTemplate: row.metaReminderTemplate,
            templateLanguage: row.metaTemplateLanguage,
          }
        : null,
    qr: row.provider === 'baileys' && row.status === 'pairing' ? row.pairingQr : null,
  };
}

/** Counted up to COUNT_CAP each, so the page costs the same after years of messages. */
async function countsByStatus(tx: Tx, businessId: string) {
  const counts = { pending: 0, sent: 0, failed: 0 };
  const capped = { pending: false, sent: false, failed: false };
  for (const status of OUTBOX_STATUSES) {
    const rows = tx
      .select({ id: outboxMessages.id })
      .from(outboxMessages)
      .where(and(eq(outboxMessages.businessId, businessId), eq(outboxMessages.status, status)))
      .$dynamic();
    const { total, totalCapped } = await cappedCount(tx, rows);
    counts[status] = total;
    capped[status] = totalCapped;
  }
  return { counts, capped };
}

async function outbox(tx: Tx, businessId: string) {
  const recent = await tx
    .select({
      id: outboxMessages.id,
      toPhone: outboxMessages.toPhone,
      body: outboxMessages.body,
      status: outboxMessages.status,
      lastError: outboxMessages.lastError,
      attempts: outboxMessages.attempts,
      createdAt: outboxMessages.createdAt,
      sentAt: outboxMessages.sentAt,
    })
    .from(outboxMessages)
    .where(eq(outboxMessages.businessId, businessId))
    .orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.id))
    .limit(RECENT_MESSAGES);
  return {
    ...(await countsByStatus(tx, businessId)),
    recent: recent.map((m) => ({
      ...m,
      createdAt: m.createdAt.toISOString(),
      sentAt: m.sentAt?.toISOString() ?? null,
    })),
  };
}

export function getWhatsApp(ctx: ServiceContext, businessId?: string) {
  return inBusiness(ctx, businessId, 'whatsapp.read', async (tx, bid) => ({
    channel: view(await getChannel(tx, bid)),
    outbox: await outbox(tx, bid),
  }));
}

/** Links (or updates) a Meta Cloud API number, after Graph confirms the id and token. */
export async function linkMeta(
  ctx: ServiceContext,
  deps: WhatsAppServiceDeps,
  businessId: string | undefined,
  body: MetaChannelBody,
) {
  const now = deps.now?.() ?? new Date();
  const { bid, current } = await inBusiness(ctx, businessId, 'whatsapp.read', async (tx, bid) => ({
    bid,
    current: await getChannel(tx, bid),
  }));
  const stored =
    current?.provider === 'meta' && current.metaPhoneNumberId === body.phoneNumberId
      ? current.metaAccessTokenSealed
      : null;
  const accessToken = body.accessToken ?? (stored ? await deps.box.open(stored, bid) : undefined);
  if (!accessToken) throw new ValidationError({ accessToken: 'is required' });
  // Outside any transaction: a network round trip, then the session's own writes.
  const number = await describe(deps.meta, { phoneNumberId: body.phoneNumberId, accessToken });
  if (current?.provider === 'baileys') await deps.sessions.unlink(bid);
  const values = {
    provider: 'meta' as const,
    status: 'connected' as const,
    statusReason: null,
    statusChangedAt: now,
    phoneNumber: number.phoneNumber,
    metaPhoneNumberId: body.phoneNumberId,
    metaAccessTokenSealed: await deps.box.seal(accessToken, bid),
    metaReminderTemplate:
      body.reminderTemplate === undefined ? (current?.metaReminderTemplate ?? null) : body.reminderTemplate,
    metaTemplateLanguage: body.templateLanguage ?? current?.metaTemplateLanguage ?? 'he',
    pairingQr: null,
    updatedAt: now,
  };
  try {
    await inBusiness(ctx, bid, 'whatsapp.link_meta', (tx) =>
      tx
        .insert(whatsappChannels)
        .values({ businessId: bid, ...values })
        .onConflictDoUpdate({ target: whatsappChannels.businessId, set: values }),
    );
  } catch (err) {
    if (pgErrorCode(err) === UNIQUE_VIOLATION)
      throw new ValidationError({ phoneNumberId: 'is already linked to another business' });
    throw err;
  }
  return getWhatsApp(ctx, bid);
}

/** Starts (or restarts) a Baileys session: a QR to scan appears in the view shortly. */
export async function linkBaileys(ctx: ServiceContext, deps: WhatsAppServiceDeps, businessId?: string) {
  const now = deps.now?.() ?? new Date();
  const bid = await inBusiness(ctx, businessId, 'whatsapp.link_baileys', async (tx, bid) => {
    const current = await getChannel(tx, bid);
    if (current?.provider === 'baileys' && current.status === 'connected') return bid;
    const values = {
      provider: 'baileys' as const,
      status: 'not_connected' as const,
      statusReason: null,
      statusChangedAt: now,
      phoneNumber: null,
      metaPhoneNumberId: null,
      metaAccessTokenSealed: null,
      metaReminderTemplate: null,
      pairingQr: null,
      updatedAt: now,
    };
    await tx
      .insert(whatsappChannels)
      .values({ businessId: bid, ...values })
      .onConflictDoUpdate({ target: whatsappChannels.businessId, set: values });
    return bid;
  });
  // After the commit: the session records its own status changes (pairing, connected).
  await deps.sessions.start(bid);
  return getWhatsApp(ctx, bid);
}

/** Unlinks whichever provider: messages still pending then fail as "not connected". */
export async function unlinkWhatsApp(ctx: ServiceContext, deps: WhatsAppServiceDeps, businessId?: string) {
  const { bid, current } = await inBusiness(ctx, businessId, 'whatsapp.read', async (tx, bid) => ({
    bid,
    current: await getChannel(tx, bid),
  }));
  if (current?.provider === 'baileys') await deps.sessions.unlink(bid);
  await inBusiness(ctx, bid, 'whatsapp.unlink', (tx) =>
    tx.delete(whatsappChannels).where(eq(whatsappChannels.businessId, bid)),
  );
  return getWhatsApp(ctx, bid);
}

class MetaUnavailableError extends AppError {
  constructor(message: string) {
    super(503, 'whatsapp_provider_unavailable', message);
  }
}

async function describe(meta: MetaClient, creds: { phoneNumberId: string; accessToken: string }) {
  try {
    return await meta.describeNumber(creds);
  } catch (err) {
    if (!(err instanceof WhatsAppSendError)) throw err;
    if (err.failure === 'disconnected')
      throw new ValidationError({ accessToken: `Meta refused it: ${err.message}` });
    if (err.failure === 'permanent')
      throw new ValidationError({ phoneNumberId: `Meta refused it: ${err.message}` });
    throw new MetaUnavailableError(`Meta did not answer; try again shortly (${err.message})`);
  }
}
