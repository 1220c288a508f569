/**
 * Every Baileys-linked business's live WhatsApp socket in this process: opening it (QR
 * pairing for a new link), keeping it up through drops, sending on it and unlinking it.
 * The socket comes from a SocketFactory (makeWASocket in production, the fake WhatsApp in
 * tests and the demo); what a close means is decided in disconnect.ts, and the connection's
 * reactions in connection.ts.
 */
import { and, eq, exists, ne, sql } from 'drizzle-orm';
import { whatsappAuthKeys, whatsappChannels } from '../../../db/schema';
import type { Database } from '../../db/database';
import { NotFoundError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { SecretBox } from '../../lib/secrets';
import { getChannel } from '../channels';
import { jidOf, type OutboundMessage, type SendResult, WhatsAppSendError } from '../transport';
import { clearAuthKeys } from './auth-state';
import { createConnections, type Session } from './connection';
import { disconnectCode } from './disconnect';
import { createSentMessages } from './sent-messages';
import type { BaileysSocket, SocketFactory } from './socket-types';

export type { BaileysSocket, SocketFactory } from './socket-types';

export interface WhatsAppSessions {
  /** Opens (or reopens) the business's socket; a never-linked business goes to 'pairing' with a QR. */
  start(businessId: string): Promise<void>;
  /** The QR code text to show while pairing, if any (held in memory of this process). */
  qr(businessId: string): string | undefined;
  /** Sends a text; WhatsAppSendError('retry') when the socket is not open (reconnecting, not started here), 'disconnected' when logged out. */
  send(businessId: string, message: OutboundMessage): Promise<SendResult>;
  /** Unlinks: logout if open, end the socket, delete the stored keys, status not_connected. */
  unlink(businessId: string): Promise<void>;
  /** At server start: starts every Baileys channel that has stored creds and is not not_connected. */
  resumeAll(): Promise<void>;
  stopAll(): Promise<void>;
}

export interface BaileysSessionsDeps {
  db: Database;
  box: SecretBox;
  log: Logger;
  socketFactory: SocketFactory;
  now?: () => Date;
  /** Waits before each reconnect after a passing drop; the last one repeats. */
  reconnectDelaysMs?: number[];
  /** How long a passing drop may last before the channel shows disconnected (staff alarmed). */
  alarmAfterMs?: number;
  /** How many sent messages per business are kept for Baileys' retries. */
  sentMessagesKept?: number;
}

export const DEFAULT_RECONNECT_DELAYS_MS = [1000, 2000, 5000, 15_000, 30_000, 60_000];
export const DEFAULT_ALARM_AFTER_MS = 2 * 60_000;

const E164 = /^\+?[1-9]\d{5,14}$/;

export function createBaileysSessions(deps: BaileysSessionsDeps): WhatsAppSessions {
  const { db, log } = deps;
  const sessions = new Map<string, Session>();
  const connections = createConnections({
    ...deps,
    now: deps.now ?? (() => new Date()),
    reconnectDelaysMs: deps.reconnectDelaysMs?.length ? deps.reconnectDelaysMs : DEFAULT_RECONNECT_DELAYS_MS,
    alarmAfterMs: deps.alarmAfterMs ?? DEFAULT_ALARM_AFTER_MS,
    isCurrent: (s) => sessions.get(s.businessId) === s,
  });

  const sessionOf = (businessId: string): Session => {
    let s = sessions.get(businessId);
    if (!s) {
      s = {
        businessId,
        generation: 0,
        open: false,
        attempts: 0,
        restarted: false,
        sent: createSentMessages(deps.sentMessagesKept),
        effects: Promise.resolve(),
      };
      sessions.set(businessId, s);
    }
    return s;
  };

  /** Stops the session's socket and timers for good; its late events are ignored. */
  const retire = async (s: Session, logout: boolean) => {
    s.generation++;
    connections.clearTimers(s);
    sessions.delete(s.businessId);
    const sock = s.sock;
    s.sock = undefined;
    if (sock && logout && s.open) {
      try {
        await sock.logout();
      } catch (err) {
        log.warn({ err, businessId: s.businessId }, 'whatsapp logout failed; unlinking anyway');
      }
    }
    s.open = false;
    await sock?.end(undefined).catch(() => {});
    await s.effects;
  };

  const start = async (businessId: string, opts: { resume?: boolean } = {}) => {
    const channel = await db.withTenant(businessId, (tx) => getChannel(tx, businessId));
    if (channel?.provider !== 'baileys') throw new NotFoundError('Baileys WhatsApp channel');
    const s = sessionOf(businessId);
    if (s.sock) return;
    s.broken = undefined;
    s.attempts = 0;
    s.restarted = false;
    await connections.connect(s, opts);
  };

  return {
    start: (businessId) => start(businessId),

    qr: (businessId) => sessions.get(businessId)?.qr,

    async send(businessId, message) {
      const s = sessions.get(businessId);
      if (s?.broken) {
        throw new WhatsAppSendError(
          `WhatsApp link is down: ${s.broken.reason}`,
          'disconnected',
          s.broken.code,
        );
      }
      const sock = s?.sock;
      if (!s || !sock || !s.open) throw new WhatsAppSendError('WhatsApp socket is not open', 'retry');
      if (!E164.test(message.to)) throw new WhatsAppSendError('not a phone number', 'permanent');
      let sent: Awaited<ReturnType<BaileysSocket['sendMessage']>>;
      try {
        sent = await sock.sendMessage(jidOf(message.to), { text: message.body });
      } catch (err) {
        const code = disconnectCode(err as Error);
        // The socket dropped under the send: its close event decides the channel's fate.
        throw new WhatsAppSendError(`WhatsApp send failed: ${(err as Error).message}`, 'retry', code);
      }
      const id = sent?.key.id;
      if (!sent || !id) throw new WhatsAppSendError('WhatsApp returned no message id', 'retry');
      if (sent.message) s.sent.remember(id, sent.message);
      return { messageId: id };
    },

    async unlink(businessId) {
      const s = sessions.get(businessId);
      if (s) {
        await retire(s, true);
        await s.auth?.clear();
      }
      await clearAuthKeys(db, businessId);
      await connections.setStatus(businessId, { status: 'not_connected', reason: null });
      log.info({ businessId }, 'whatsapp unlinked');
    },

    async resumeAll() {
      const rows = await db.withSystem((tx) => {
        const creds = tx
          .select({ one: whatsappAuthKeys.keyId })
          .from(whatsappAuthKeys)
          .where(
            and(
              eq(whatsappAuthKeys.businessId, whatsappChannels.businessId),
              eq(whatsappAuthKeys.type, 'creds'),
            ),
          );
        return tx
          .select({
            businessId: whatsappChannels.businessId,
            status: whatsappChannels.status,
            hasCreds: sql<boolean>`${exists(creds)}`,
          })
          .from(whatsappChannels)
          .where(and(eq(whatsappChannels.provider, 'baileys'), ne(whatsappChannels.status, 'not_connected')));
      });
      // One at a time: a server start with many businesses should not open all at once.
      for (const { businessId, status, hasCreds } of rows) {
        try {
          if (hasCreds) await start(businessId, { resume: true });
          // The previous process died mid-pairing before anything was stored: nobody is
          // looking at that QR any more, and "pairing" would wait forever.
          else if (status === 'pairing') {
            await connections.setStatus(businessId, {
              status: 'not_connected',
              reason: 'pairing_interrupted',
            });
          }
        } catch (err) {
          log.error({ err, businessId }, 'whatsapp session could not resume');
        }
      }
    },

    async stopAll() {
      await Promise.all([...sessions.values()].map((s) => retire(s, false)));
    },
  };
}
