/**
 * Meta's WhatsApp webhook (mounted by createApp outside /api, never behind csrf):
 * `GET /whatsapp/webhook` answers Meta's subscription check; `POST` brings customers'
 * messages and the fate of ours. The signature over the raw bytes is checked before any
 * parsing or database work (401 otherwise).
 *
 * Nothing is lost for another item's fault: each message and each status is validated and
 * recorded on its own (a savepoint each), a bad one is logged with its reason (never the
 * customer's text) and counted, and Meta gets 200 for every signed delivery, even one for
 * a number we do not know: Meta retries anything else for days, then drops the delivery
 * with every message in it. Only a database that cannot be reached answers 500, so Meta
 * retries and the items already recorded are recognised by their ids.
 * The replies themselves are written later by the whatsapp.inbound job.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { businesses, outboxMessages, whatsappChannels } from '../../../db/schema';
import type { Database, Tx } from '../../db/database';
import type { AppEnv } from '../../http/env';
import type { Logger } from '../../lib/logger';
import { enqueueInbound } from '../inbound';
import { moveContact } from '../inbox/contact-move';
import { announce } from '../inbox/conversations';
import { inboundOfMeta } from './message-text';
import {
  isMetaSignatureValid,
  type MetaContact,
  type MetaInboundMessage,
  type MetaStatus,
  type Rejected,
  readDelivery,
} from './webhook-payload';

export interface MetaWebhookDeps {
  db: Database;
  /** The Meta app's secret (signs every POST); without it the webhook answers 503. */
  appSecret?: string;
  /** What we told Meta to send back when it checks the subscription. */
  verifyToken?: string;
}

const DIGITS = /^\d{6,15}$/;

/** Meta's largest webhook payload: the body limit of this route (the API keeps its own, small one). */
export const META_WEBHOOK_BODY_LIMIT = 3 * 1024 * 1024;

/** What this process's webhook has done since it started (for logs, metrics and tests). */
const counters = {
  deliveries: 0,
  messagesRecorded: 0,
  statusesRecorded: 0,
  /** Items skipped: not Meta's shape, or nothing we can act on (an unreadable number…). */
  itemsSkipped: 0,
  /** Items whose recording failed in the database and were skipped. */
  itemsFailed: 0,
};
export const webhookCounters = (): Readonly<typeof counters> => ({ ...counters });

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
    counters.deliveries++;
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder().decode(raw));
    } catch {
      body = undefined;
    }
    const delivery = readDelivery(body);
    for (const r of delivery.rejected) skip(c.var.log, r, 'not understood');
    for (const [phoneNumberId, group] of delivery.groups) {
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
        for (const m of messages)
          await isolated(tx, log, { at: 'message', id: m.id }, () =>
            recordMessage(tx, business.id, m, group.contacts, log),
          );
        for (const s of group.statuses)
          await isolated(tx, log, { at: 'status', id: s.id }, () => recordStatus(tx, business.id, s, log));
      });
    }
    return c.text('OK', 200);
  }

  return { verify, receive };
}

/** An item set aside: its place and reason are logged (never its content) and counted. */
function skip(log: Logger, r: Rejected, why: string) {
  counters.itemsSkipped++;
  log.warn(
    { at: r.at, itemId: r.id, reason: r.reason, skipped: counters.itemsSkipped },
    `whatsapp webhook: item ${why}; skipped`,
  );
}

/**
 * Runs one item's writes in a savepoint: a failure the database raises for this item alone
 * rolls back only its writes. A database that is gone fails the whole transaction after
 * this, and the delivery with it (500: Meta retries).
 */
async function isolated(
  tx: Tx,
  log: Logger,
  item: { at: string; id: string },
  fn: () => Promise<'recorded' | Rejected>,
) {
  try {
    const outcome = await tx.transaction(() => fn());
    if (outcome === 'recorded') {
      if (item.at === 'message') counters.messagesRecorded++;
      else counters.statusesRecorded++;
    } else skip(log, outcome, 'not recorded');
  } catch (err) {
    counters.itemsFailed++;
    log.error(
      { err: err instanceof Error ? err.name : 'error', code: pgCode(err), at: item.at, itemId: item.id },
      'whatsapp webhook: item could not be recorded; skipped',
    );
  }
}

/** The PostgreSQL error code, if any: the error's message may quote the customer's text. */
function pgCode(err: unknown): string | undefined {
  const code =
    (err as { code?: unknown; cause?: { code?: unknown } })?.code ??
    (err as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === 'string' ? code : undefined;
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

async function recordMessage(
  tx: Tx,
  businessId: string,
  m: MetaInboundMessage,
  contacts: readonly MetaContact[],
  log: Logger,
): Promise<'recorded' | Rejected> {
  const at = `message ${m.type}`;
  if (m.from !== undefined && !DIGITS.test(m.from))
    return { at, id: m.id, reason: 'from an unreadable number' };
  const from = m.from ? `+${m.from}` : null;
  if (m.type === 'system' && m.system?.type === 'user_changed_number' && from) {
    const next = String(m.system.wa_id ?? m.system.new_wa_id ?? '');
    if (DIGITS.test(next)) await moveContact(tx, businessId, from, `+${next}`);
    // Recorded in the conversation it moved to.
    const message = inboundOfMeta(m, DIGITS.test(next) ? `+${next}` : from, contacts);
    await enqueueInbound(tx, businessId, message, log);
    return 'recorded';
  }
  await enqueueInbound(tx, businessId, inboundOfMeta(m, from, contacts), log);
  return 'recorded';
}

/** Meta's order of a message's fate: a later status never takes an earlier one's place. */
const STATUS_COLUMN = { delivered: 'deliveredAt', read: 'readAt' } as const;

/**
 * sent / delivered / read are kept on the outbox row (the inbox shows the ticks); failed
 * marks it failed with Meta's reason: Meta accepts a message first and may fail it later
 * (131047 outside the 24-hour window, say).
 */
async function recordStatus(
  tx: Tx,
  businessId: string,
  s: MetaStatus,
  log: Logger,
): Promise<'recorded' | Rejected> {
  const where = and(eq(outboxMessages.businessId, businessId), eq(outboxMessages.providerMessageId, s.id));
  const seconds = Number(s.timestamp);
  const when = Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : new Date();
  if (s.status === 'delivered' || s.status === 'read') {
    const set =
      s.status === 'read'
        ? {
            readAt: when,
            deliveredAt: sql`coalesce(${outboxMessages.deliveredAt}, ${when.toISOString()}::timestamptz)`,
          }
        : { [STATUS_COLUMN.delivered]: when };
    const rows = await tx
      .update(outboxMessages)
      .set(set)
      .where(where)
      .returning({ id: outboxMessages.id, conversationId: outboxMessages.conversationId });
    for (const r of rows) if (r.conversationId) await announce(tx, businessId, r.conversationId);
    if (rows.length === 0)
      log.debug(
        { messageId: s.id, status: s.status },
        'whatsapp webhook: status of a message we do not know',
      );
    return 'recorded';
  }
  if (s.status !== 'failed') return 'recorded';
  const error = s.errors?.[0];
  const reason = error
    ? `Meta: ${error.code ?? ''} ${error.title ?? error.message ?? ''}`.replace(/\s+/g, ' ').trim()
    : 'Meta: failed';
  const rows = await tx
    .update(outboxMessages)
    .set({ status: 'failed', lastError: reason })
    .where(where)
    .returning({ id: outboxMessages.id, conversationId: outboxMessages.conversationId });
  if (rows.length === 0)
    log.warn({ messageId: s.id, reason }, 'whatsapp webhook: failure of a message we do not know');
  else {
    log.warn({ outboxId: rows[0]?.id, messageId: s.id, reason }, 'whatsapp message failed after it was sent');
    for (const r of rows) if (r.conversationId) await announce(tx, businessId, r.conversationId);
  }
  return 'recorded';
}
