/**
 * Meta's WhatsApp webhook (mounted by createApp outside /api, never behind csrf):
 * `GET /whatsapp/webhook` answers Meta's subscription check; `POST` brings customers'
 * messages and the fate of ours. The signature over the raw bytes is checked before any
 * parsing or database work (401 otherwise). Every signed payload is answered 200 once it is
 * recorded, even one for a number we do not know: Meta retries anything else for days.
 * The replies themselves are written later by the whatsapp.inbound job.
 */
import { and, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { businesses, outboxMessages, whatsappChannels } from '../../../db/schema';
import type { Database, Tx } from '../../db/database';
import type { AppEnv } from '../../http/env';
import type { Logger } from '../../lib/logger';
import { enqueueInbound } from '../inbound';
import {
  byPhoneNumberId,
  isMetaSignatureValid,
  type MetaInboundMessage,
  type MetaStatus,
  MetaWebhookSchema,
} from './webhook-payload';

export interface MetaWebhookDeps {
  db: Database;
  /** The Meta app's secret (signs every POST); without it the webhook answers 503. */
  appSecret?: string;
  /** What we told Meta to send back when it checks the subscription. */
  verifyToken?: string;
}

const DIGITS = /^\d{6,15}$/;
/** Not something a person wrote to be answered: a reaction to a message, a number change. */
const NOT_WRITTEN = new Set(['reaction', 'system']);

export function metaWebhook(deps: MetaWebhookDeps) {
  const { db } = deps;

  async function verify(c: Context<AppEnv>): Promise<Response> {
    if (!deps.verifyToken) return notConfigured(c, 'META_WEBHOOK_VERIFY_TOKEN');
    const mode = c.req.query('hub.mode');
    const token = c.req.query('hub.verify_token');
    const challenge = c.req.query('hub.challenge');
    if (mode !== 'subscribe' || token !== deps.verifyToken || !challenge) {
      c.var.log.warn({ mode }, 'whatsapp webhook: subscription check refused');
      return c.text('Forbidden', 403);
    }
    return c.text(challenge, 200);
  }

  async function receive(c: Context<AppEnv>): Promise<Response> {
    if (!deps.appSecret) return notConfigured(c, 'META_APP_SECRET');
    const raw = new Uint8Array(await c.req.arrayBuffer());
    if (!isMetaSignatureValid(deps.appSecret, c.req.header('x-hub-signature-256'), raw)) {
      c.var.log.warn('whatsapp webhook: bad or missing signature');
      return c.text('Unauthorized', 401);
    }
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder().decode(raw));
    } catch {
      body = undefined;
    }
    const parsed = MetaWebhookSchema.safeParse(body);
    if (!parsed.success) {
      // Signed by Meta yet unreadable: a change on their side. Refusing keeps it retried for a fix.
      c.var.log.error(
        { issues: parsed.error.issues.slice(0, 5) },
        'whatsapp webhook: payload not understood',
      );
      return c.text('Bad Request', 400);
    }
    for (const [phoneNumberId, group] of byPhoneNumberId(parsed.data)) {
      const business = await businessByPhoneNumberId(db, phoneNumberId);
      const log = c.var.log.child({ phoneNumberId, businessId: business?.id });
      if (!business) {
        log.warn(
          { messages: group.messages.length, statuses: group.statuses.length },
          'whatsapp webhook: unknown phone number id; ignored',
        );
        continue;
      }
      // A suspended business's assistant does not answer; the fate of its messages is still kept.
      const messages = business.status === 'active' ? group.messages : [];
      if (messages.length < group.messages.length)
        log.info(
          { messages: group.messages.length },
          'whatsapp webhook: business suspended; messages not answered',
        );
      await db.withTenant(business.id, async (tx) => {
        for (const m of messages) await recordMessage(tx, business.id, m, log);
        for (const s of group.statuses) await recordStatus(tx, business.id, s, log);
      });
    }
    return c.text('OK', 200);
  }

  return { verify, receive };
}

function notConfigured(c: Context<AppEnv>, missing: string): Response {
  c.var.log.error({ missing }, 'whatsapp webhook: not configured');
  return c.text('WhatsApp webhook not configured', 503);
}

/** The tenant is not known until this answers, so it runs in the system scope. */
async function businessByPhoneNumberId(db: Database, phoneNumberId: string) {
  const [row] = await db.withSystem((tx) =>
    tx
      .select({ id: businesses.id, status: businesses.status })
      .from(whatsappChannels)
      .innerJoin(businesses, eq(businesses.id, whatsappChannels.businessId))
      .where(
        and(eq(whatsappChannels.metaPhoneNumberId, phoneNumberId), eq(whatsappChannels.provider, 'meta')),
      )
      .limit(1),
  );
  return row;
}

async function recordMessage(tx: Tx, businessId: string, m: MetaInboundMessage, log: Logger) {
  if (NOT_WRITTEN.has(m.type)) return;
  if (!DIGITS.test(m.from)) {
    log.warn({ messageId: m.id }, 'whatsapp webhook: message from an unreadable number; ignored');
    return;
  }
  const text = m.type === 'text' ? (m.text?.body ?? null) : null;
  await enqueueInbound(tx, businessId, { provider: 'meta', messageId: m.id, from: `+${m.from}`, text }, log);
}

/** Meta accepts a message first and may fail it later (131047 outside the 24-hour window, say). */
async function recordStatus(tx: Tx, businessId: string, s: MetaStatus, log: Logger) {
  if (s.status !== 'failed') return;
  const error = s.errors?.[0];
  const reason = error ? `Meta: ${error.code} ${error.title ?? ''}`.trim() : 'Meta: failed';
  const rows = await tx
    .update(outboxMessages)
    .set({ status: 'failed', lastError: reason })
    .where(and(eq(outboxMessages.businessId, businessId), eq(outboxMessages.providerMessageId, s.id)))
    .returning({ id: outboxMessages.id });
  if (rows.length === 0)
    log.warn({ messageId: s.id, reason }, 'whatsapp webhook: failure of a message we do not know');
  else
    log.warn({ outboxId: rows[0]?.id, messageId: s.id, reason }, 'whatsapp message failed after it was sent');
}
