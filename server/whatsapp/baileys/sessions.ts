/**
 * Every Baileys-linked business's live WhatsApp socket in this process: opening it (QR
 * pairing for a new link), keeping it up through drops, sending on it and unlinking it.
 * The socket comes from a SocketFactory (makeWASocket in production, the fake WhatsApp in
 * tests and the demo); what a close means is decided in disconnect.ts, and the connection's
 * reactions in connection.ts.
 *
 * With several processes (workers, machines) one of them owns each business's socket
 * (ownership.ts). A pairing or an unlink asked of another process is told to the owner over
 * NOTIFY (`whatsapp_sessions`); the QR is kept in the channel's row, readable anywhere; and a
 * delivery job claimed elsewhere is handed to the owner (`ownerElsewhere`, deliver.ts).
 */
import { randomUUID } from 'node:crypto';
import { and, eq, exists, ne, sql } from 'drizzle-orm';
import { whatsappChannels } from '../../../db/schema';
import type { Database, Tx } from '../../db/database';
import { NotFoundError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { SecretBox } from '../../lib/secrets';
import { type ChannelRow, getChannel } from '../channels';
import { jidOf, type OutboundMessage, type SendResult, WhatsAppSendError } from '../transport';
import { clearAuthKeys } from './auth-state';
import { createConnections, type Session } from './connection';
import { disconnectCode } from './disconnect';
import { createSessionOwnership, liveOwnerElsewhere, storedCreds } from './ownership';
import { createSentMessages } from './sent-messages';
import type { BaileysSocket, SocketFactory } from './socket-types';

export type { BaileysSocket, SocketFactory } from './socket-types';

/** Pairings and unlinks asked of a process that does not own the session, for the owner to carry out. */
export const SESSION_COMMANDS_CHANNEL = 'whatsapp_sessions';
type Command = 'start' | 'unlink';

export interface WhatsAppSessions {
  /**
   * Opens (or reopens) the business's socket; a never-linked business goes to 'pairing' with a
   * QR (in the channel's row). When another live process owns the session, it is asked to.
   */
  start(businessId: string): Promise<void>;
  /** Sends a text; WhatsAppSendError('retry') when the socket is not open (reconnecting, not started here), 'disconnected' when logged out. */
  send(businessId: string, message: OutboundMessage): Promise<SendResult>;
  /**
   * The liveness session of the live process that owns this channel's socket, when that is not
   * this one (`me`, the session the job was claimed under): a delivery claimed here goes there.
   * Null when this process should send it.
   */
  ownerElsewhere(tx: Tx, channel: ChannelRow, me: string | null): Promise<string | null>;
  /**
   * Unlinks: logout if open, end the socket, delete the stored keys, status not_connected. The
   * owning process, if another, is told to log out and close its socket.
   */
  unlink(businessId: string): Promise<void>;
  /**
   * At server start: starts every Baileys channel that has stored creds and is not
   * not_connected, unless a live process owns it; from then on, every `takeoverEveryMs`, takes
   * over those whose owner died and lets go of those another process now owns.
   */
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
  /** How often (ms) the sessions of dead owners are looked for (default 15 s). */
  takeoverEveryMs?: number;
}

export const DEFAULT_RECONNECT_DELAYS_MS = [1000, 2000, 5000, 15_000, 30_000, 60_000];
export const DEFAULT_ALARM_AFTER_MS = 2 * 60_000;

const E164 = /^\+?[1-9]\d{5,14}$/;

export function createBaileysSessions(deps: BaileysSessionsDeps): WhatsAppSessions {
  const { db, log } = deps;
  const sessions = new Map<string, Session>();
  const ownership = createSessionOwnership(db);
  let sweeper: ReturnType<typeof setInterval> | null = null;
  // Our own commands come back to us over NOTIFY: skipped by their origin.
  const origin = randomUUID();
  let listening: Promise<(() => Promise<void>) | null> | null = null;
  let commands = Promise.resolve();
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

  const tell = (command: Command, businessId: string) =>
    db
      .withTenant(businessId, (tx) =>
        tx.execute(
          sql`select pg_notify(${SESSION_COMMANDS_CHANNEL}, ${`${origin} ${command} ${businessId}`})`,
        ),
      )
      .then(() => {});

  const start = async (businessId: string, opts: { resume?: boolean; told?: boolean } = {}) => {
    const channel = await db.withTenant(businessId, (tx) => getChannel(tx, businessId));
    if (channel?.provider !== 'baileys') {
      if (opts.told) return;
      throw new NotFoundError('Baileys WhatsApp channel');
    }
    // Another live process (machine) has this account's socket: a second would replace it, so
    // the owner is asked to open it (its QR reaches the row, read by whoever serves the page).
    if (!(await ownership.claim(businessId))) {
      if (!opts.resume && !opts.told) await tell('start', businessId);
      return;
    }
    const s = sessionOf(businessId);
    if (s.sock) return;
    s.broken = undefined;
    s.attempts = 0;
    s.restarted = false;
    await connections.connect(s, opts);
  };

  let sweeping = false;
  /** Keeps what this process still owns (under its current name), retires what it lost, takes over orphans. */
  async function takeover(): Promise<void> {
    if (sweeping) return;
    sweeping = true;
    try {
      for (const s of [...sessions.values()]) {
        if (sessions.get(s.businessId) !== s || (await ownership.claim(s.businessId))) continue;
        log.warn({ businessId: s.businessId }, 'whatsapp session owned by another server now: closed here');
        await retire(s, false);
      }
      for (const businessId of await ownership.orphans()) {
        if (sessions.has(businessId)) continue;
        log.info({ businessId }, 'whatsapp session taken over: its owner is gone');
        await start(businessId, { resume: true }).catch((err) =>
          log.error({ err, businessId }, 'whatsapp session could not be taken over'),
        );
      }
    } catch (err) {
      log.warn({ err: String(err) }, 'whatsapp sessions: ownership sweep failed, tried again later');
    } finally {
      sweeping = false;
    }
  }

  /** The owner's side of an unlink made by another process: log out, close, forget the keys. */
  async function unlinkedElsewhere(businessId: string) {
    const s = sessions.get(businessId);
    if (!s) return;
    await retire(s, true);
    await s.auth?.clear(); // what the socket wrote before it closed
    await ownership.release(businessId);
    log.info({ businessId }, 'whatsapp unlinked by another server: logged out and closed here');
  }

  const hear = (payload: string) => {
    const [from, command, businessId] = payload.split(' ');
    if (from === origin || !businessId) return;
    const act =
      command === 'start'
        ? () => start(businessId, { told: true })
        : command === 'unlink'
          ? () => unlinkedElsewhere(businessId)
          : null;
    if (!act) return log.warn({ command }, 'whatsapp sessions: unknown command ignored');
    // One at a time, in the order they were committed (an unlink, then a new pairing).
    commands = commands
      .then(act)
      .catch((err) => log.error({ err, businessId, command }, 'whatsapp session command failed'));
  };

  const listen = () =>
    (listening ??= db.listen(SESSION_COMMANDS_CHANNEL, hear).catch((err) => {
      listening = null; // the next start tries again
      log.warn({ err: String(err) }, 'whatsapp sessions: LISTEN failed; commands of other servers not heard');
      return null;
    }));

  return {
    async start(businessId) {
      await listen();
      await start(businessId);
    },

    ownerElsewhere(tx, channel, me) {
      if (sessions.get(channel.businessId)?.open) return Promise.resolve(null);
      return liveOwnerElsewhere(tx, channel, me);
    },

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
      await ownership.release(businessId);
      await connections.setStatus(businessId, { status: 'not_connected', reason: null });
      if (!s) await tell('unlink', businessId); // the socket, if any, is another process's
      log.info({ businessId }, 'whatsapp unlinked');
    },

    async resumeAll() {
      await listen();
      const rows = await db.withSystem((tx) => {
        return tx
          .select({
            businessId: whatsappChannels.businessId,
            status: whatsappChannels.status,
            hasCreds: sql<boolean>`${exists(storedCreds(tx))}`,
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
      if (!sweeper) {
        sweeper = setInterval(() => void takeover(), deps.takeoverEveryMs ?? 15_000);
        sweeper.unref?.();
      }
    },

    async stopAll() {
      if (sweeper) clearInterval(sweeper);
      sweeper = null;
      const unlisten = await listening;
      listening = null;
      await unlisten?.().catch(() => {});
      await commands;
      await Promise.all(
        [...sessions.values()].map(async (s) => {
          await retire(s, false);
          await ownership.release(s.businessId); // another process takes it over at once
        }),
      );
    },
  };
}
