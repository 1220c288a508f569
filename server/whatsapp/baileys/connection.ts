/**
 * One business's connection to WhatsApp over time: each socket it opens, what each
 * connection.update means for the channel's status, and the reconnects after a drop.
 * Effects of one business's events run one after another (the `effects` chain), so the
 * status written is always that of the latest event.
 */
import type { BaileysEventMap, SocketConfig } from '@whiskeysockets/baileys';
import type { Database } from '../../db/database';
import type { Logger } from '../../lib/logger';
import type { SecretBox } from '../../lib/secrets';
import { recordStatus, type StatusChange } from '../channels';
import { enqueueInbound } from '../inbound';
import { e164OfJid } from '../transport';
import { createDbAuthState, type DbAuthState } from './auth-state';
import { classifyClose, disconnectCode } from './disconnect';
import { inboundOfUpsert } from './inbound-messages';
import type { SentMessages } from './sent-messages';
import type { BaileysSocket, SocketFactory } from './socket-types';

type ILogger = SocketConfig['logger'];

export interface Session {
  readonly businessId: string;
  /** Bumped for every new socket and when the session ends: an older socket's events are ignored. */
  generation: number;
  /** The socket of the current generation, until it closes. */
  sock?: BaileysSocket;
  /** Loaded once and kept across reconnects: Baileys mutates its creds in place. */
  auth?: DbAuthState;
  open: boolean;
  /** Set by a close that needs someone to act (logged out, replaced…): sends fail as 'disconnected'. */
  broken?: { code: number; reason: string };
  /** Reconnects since the connection was last open. */
  attempts: number;
  /** A restart-required close was already answered since the last open (a second one backs off). */
  restarted: boolean;
  /** When the current outage began; unset while open. */
  downSince?: Date;
  lastReason?: string;
  reconnectTimer?: ReturnType<typeof setTimeout>;
  alarmTimer?: ReturnType<typeof setTimeout>;
  readonly sent: SentMessages;
  effects: Promise<void>;
}

export interface ConnectionDeps {
  db: Database;
  box: SecretBox;
  log: Logger;
  socketFactory: SocketFactory;
  now: () => Date;
  reconnectDelaysMs: number[];
  alarmAfterMs: number;
  /** False once the session was unlinked or stopped: its timers and events then do nothing. */
  isCurrent(s: Session): boolean;
}

export function createConnections(deps: ConnectionDeps) {
  const { db, box, log, now } = deps;

  const setStatus = (businessId: string, change: StatusChange) =>
    db.withTenant(businessId, (tx) => recordStatus(tx, businessId, change, now()));

  const serially = (s: Session, fn: () => Promise<void>) => {
    s.effects = s.effects.then(fn).catch((err) => {
      log.error({ err, businessId: s.businessId }, 'whatsapp connection update failed');
    });
    return s.effects;
  };

  // Baileys logs message contents and protocol nodes below warn: never let those through.
  const baileysLogger = (businessId: string): ILogger => {
    const warn = log.levels.values.warn ?? 40;
    return log.child({ businessId, module: 'baileys' }, { level: log.levelVal > warn ? log.level : 'warn' });
  };

  const clearTimers = (s: Session) => {
    clearTimeout(s.reconnectTimer);
    clearTimeout(s.alarmTimer);
    s.reconnectTimer = undefined;
    s.alarmTimer = undefined;
  };

  const endOutage = (s: Session) => {
    clearTimers(s);
    s.downSince = undefined;
    s.attempts = 0;
  };

  async function connect(s: Session, opts: { resume?: boolean } = {}): Promise<void> {
    const gen = ++s.generation;
    clearTimeout(s.reconnectTimer);
    s.reconnectTimer = undefined;
    const { businessId } = s;
    const auth = s.auth ?? (await createDbAuthState({ db, box, businessId }));
    if (gen !== s.generation || !deps.isCurrent(s)) return;
    s.auth = auth;
    if (opts.resume && !auth.state.creds.me) {
      // The server restarted mid-pairing: nobody is looking at that QR any more.
      s.auth = undefined;
      await auth.clear();
      await setStatus(businessId, { status: 'not_connected', reason: 'pairing_interrupted' });
      return;
    }
    const sock = deps.socketFactory({
      businessId,
      auth: auth.state,
      logger: baileysLogger(businessId),
      getMessage: async (key) => (key.id ? s.sent.get(key.id) : undefined),
    });
    s.sock = sock;
    s.open = false;
    sock.ev.on('connection.update', (update) => {
      if (gen === s.generation) void serially(s, () => onUpdate(s, gen, sock, auth, update));
    });
    sock.ev.on('creds.update', () => {
      if (gen === s.generation) void serially(s, () => auth.saveCreds());
    });
    // Customers' messages become jobs (keyed by message id: a re-delivery is answered once).
    // Baileys has already acknowledged them to WhatsApp, so one not recorded here is lost.
    sock.ev.on('messages.upsert', (upsert) => {
      const messages = inboundOfUpsert(upsert);
      if (messages.length === 0 || gen !== s.generation) return;
      void serially(s, () =>
        db
          .withTenant(businessId, async (tx) => {
            for (const m of messages) await enqueueInbound(tx, businessId, m, log);
          })
          .catch((err) => {
            const ids = messages.map((m) => m.messageId);
            log.error(
              { err, businessId, messageIds: ids },
              'whatsapp messages could not be recorded; not answered',
            );
          }),
      );
    });
  }

  async function onUpdate(
    s: Session,
    gen: number,
    sock: BaileysSocket,
    auth: DbAuthState,
    update: BaileysEventMap['connection.update'],
  ) {
    if (gen !== s.generation || !deps.isCurrent(s)) return;
    // In the channel's row, so a dashboard served by any process shows it.
    if (update.qr) await setStatus(s.businessId, { status: 'pairing', reason: null, pairingQr: update.qr });
    if (update.connection === 'open') await onOpen(s, sock);
    else if (update.connection === 'close') await onClose(s, auth, update.lastDisconnect?.error);
  }

  async function onOpen(s: Session, sock: BaileysSocket) {
    const downForMs = s.downSince ? now().getTime() - s.downSince.getTime() : undefined;
    s.open = true;
    s.restarted = false;
    s.broken = undefined;
    endOutage(s);
    const phoneNumber = sock.user?.id ? e164OfJid(sock.user.id) : undefined;
    await setStatus(s.businessId, { status: 'connected', ...(phoneNumber ? { phoneNumber } : {}) });
    log.info({ businessId: s.businessId, downForMs }, 'whatsapp connected');
  }

  async function onClose(s: Session, auth: DbAuthState, error: Error | undefined) {
    s.open = false;
    s.sock = undefined;
    const { businessId } = s;
    const verdict = classifyClose(disconnectCode(error));
    const linked = Boolean(auth.state.creds.me);
    log.warn(
      { businessId, code: verdict.code, reason: verdict.reason, linked },
      'whatsapp connection closed',
    );

    if (verdict.kind === 'restart' && !s.restarted) {
      s.restarted = true;
      await connect(s);
      return;
    }
    if (!linked) {
      // The QR was never scanned (Baileys gives up after its last QR with 408): pairing is over.
      s.auth = undefined;
      await auth.clear();
      await setStatus(businessId, { status: 'not_connected', reason: verdict.reason });
      return;
    }
    if (verdict.kind === 'terminal') {
      endOutage(s);
      s.broken = { code: verdict.code, reason: verdict.reason };
      s.auth = undefined;
      if (verdict.clearKeys) await auth.clear();
      await setStatus(businessId, { status: 'disconnected', reason: verdict.reason });
      return;
    }
    scheduleReconnect(s, verdict.reason);
  }

  /** A passing drop: reconnect with backoff; the staff hear of it only if it lasts. */
  function scheduleReconnect(s: Session, reason: string) {
    s.attempts += 1;
    s.lastReason = reason;
    if (!s.downSince) {
      s.downSince = now();
      s.alarmTimer = setTimeout(() => void serially(s, () => alarm(s)), deps.alarmAfterMs);
    }
    const delays = deps.reconnectDelaysMs;
    const delay = delays[Math.min(s.attempts - 1, delays.length - 1)] ?? 0;
    s.reconnectTimer = setTimeout(() => void serially(s, () => reconnect(s)), delay);
  }

  async function reconnect(s: Session) {
    s.reconnectTimer = undefined;
    if (!deps.isCurrent(s) || s.sock) return;
    try {
      await connect(s);
    } catch (err) {
      log.error({ err, businessId: s.businessId }, 'whatsapp reconnect failed');
      scheduleReconnect(s, 'connection_error');
    }
  }

  async function alarm(s: Session) {
    s.alarmTimer = undefined;
    if (!deps.isCurrent(s) || s.open || !s.downSince) return;
    const downForMs = now().getTime() - s.downSince.getTime();
    log.warn(
      { businessId: s.businessId, downForMs, attempts: s.attempts, reason: s.lastReason },
      'whatsapp still down: marking the channel disconnected',
    );
    await setStatus(s.businessId, { status: 'disconnected', reason: s.lastReason ?? 'connection_error' });
  }

  return { connect, clearTimers, setStatus };
}
