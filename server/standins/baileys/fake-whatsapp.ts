/**
 * A stand-in for WhatsApp's servers behind Baileys' socket (the machines have no internet).
 * Its sockets emit what a real Baileys socket emits, in the same order and shapes (Baileys'
 * own event buffer and message builders): connecting, then a QR for an unlinked device or
 * open for a linked one; pairing ends with creds.update and a 515 restart-required close;
 * sendMessage resolves with a WAMessage. It is plugged in through the same SocketFactory
 * seam production fills with makeWASocket.
 */
import { Boom } from '@hapi/boom';
import {
  type AuthenticationCreds,
  type AuthenticationState,
  DisconnectReason,
  generateMessageID,
  generateMessageIDV2,
  generateWAMessageFromContent,
  makeEventBuffer,
  proto,
  type SocketConfig,
  type WAMessage,
} from '@whiskeysockets/baileys';
import type { BaileysSocket, SocketFactory } from '../../whatsapp/baileys/sessions';
import { jidOf } from '../../whatsapp/transport';
import { createMediaHost, type MediaHost } from './media-host';

export interface FakeWhatsAppOptions {
  /** Demo mode (no phone to scan with): every QR shown is "scanned" after afterMs. */
  autoPair?: { afterMs: number; phoneNumber: string };
  /** How often a waiting QR is replaced (Baileys: 20 s), and how many are shown before giving up with 408. */
  qrRefreshMs?: number;
  qrRefs?: number;
}

export interface SentByFake {
  businessId: string;
  jid: string;
  text: string;
  id: string;
}

export interface FakeWhatsApp {
  factory: SocketFactory;
  /** The owner scanned the QR with their phone: the device is linked, then WhatsApp asks for a restart (515). */
  scan(businessId: string, phoneE164: string): void;
  /** Closes the business's live socket with a Boom of that disconnect code. */
  drop(businessId: string, statusCode: number): void;
  /** A customer's message arrives on the business's open socket (messages.upsert, type notify). */
  receive(businessId: string, fromE164: string, text: string): void;
  /** Any message in Baileys' own shape arrives on the business's open socket (messages.upsert, notify). */
  deliver(businessId: string, message: WAMessage): void;
  readonly sent: ReadonlyArray<SentByFake>;
  isOpen(businessId: string): boolean;
  /** WhatsApp's media servers: a customer's file uploaded (encrypted) for a message to carry. */
  readonly media: MediaHost;
  /** Stops the media servers (nothing else holds a port). */
  stop(): Promise<void>;
}

type ILogger = SocketConfig['logger'];

type FakeSocket = BaileysSocket & {
  readonly state: 'connecting' | 'pairing' | 'open' | 'close';
  readonly creds: AuthenticationCreds;
  close(error: Error | undefined): void;
};

export function createFakeWhatsApp(opts: FakeWhatsAppOptions = {}): FakeWhatsApp {
  const live = new Map<string, FakeSocket>();
  const sent: SentByFake[] = [];
  const qrRefreshMs = opts.qrRefreshMs ?? 20_000;
  const qrRefs = opts.qrRefs ?? 6;
  const media = createMediaHost();

  const liveSocket = (businessId: string) => {
    const sock = live.get(businessId);
    return sock && sock.state !== 'close' ? sock : undefined;
  };

  const scan = (businessId: string, phoneE164: string) => {
    const sock = liveSocket(businessId);
    if (sock?.state !== 'pairing') throw new Error(`no QR is waiting for ${businessId}`);
    const digits = phoneE164.replace(/^\+/, '');
    // As Baileys' configureSuccessfulPairing: the companion's own device JID (device > 0).
    const update: Partial<AuthenticationCreds> = {
      me: { id: `${digits}:${1 + (digits.length % 20)}@s.whatsapp.net`, name: '~' },
      platform: 'smba',
      registered: true,
    };
    sock.ev.emit('creds.update', update);
    sock.ev.emit('connection.update', { isNewLogin: true, qr: undefined });
    sock.close(
      new Boom('Stream Errored (restart required)', { statusCode: DisconnectReason.restartRequired }),
    );
  };

  const openSocket = (businessId: string, auth: AuthenticationState, logger: ILogger): FakeSocket => {
    const ev = makeEventBuffer(logger);
    let state: FakeSocket['state'] = 'connecting';
    let qrTimer: ReturnType<typeof setTimeout> | undefined;
    let pairTimer: ReturnType<typeof setTimeout> | undefined;
    let refsShown = 0;

    const showQr = () => {
      if (refsShown >= qrRefs) {
        sock.close(new Boom('QR refs attempts ended', { statusCode: DisconnectReason.timedOut }));
        return;
      }
      refsShown++;
      // The real QR is "ref,noiseKey,identityKey,advSecret,…"; its shape matters, not its crypto.
      const ref = `2@${Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('base64')}`;
      const noise = Buffer.from(auth.creds.noiseKey.public).toString('base64');
      const identity = Buffer.from(auth.creds.signedIdentityKey.public).toString('base64');
      ev.emit('connection.update', { qr: `${ref},${noise},${identity},${auth.creds.advSecretKey}` });
      qrTimer = setTimeout(showQr, qrRefreshMs);
    };

    const sock: FakeSocket = {
      ev,
      user: undefined,
      get state() {
        return state;
      },
      creds: auth.creds,
      close(error) {
        if (state === 'close') return;
        state = 'close';
        clearTimeout(qrTimer);
        clearTimeout(pairTimer);
        ev.emit('connection.update', { connection: 'close', lastDisconnect: { error, date: new Date() } });
        ev.removeAllListeners('connection.update');
        ev.destroy();
      },
      async end(error) {
        sock.close(error);
      },
      async logout(msg) {
        if (state !== 'open')
          throw new Boom('Connection Closed', { statusCode: DisconnectReason.connectionClosed });
        sock.close(new Boom(msg || 'Intentional Logout', { statusCode: DisconnectReason.loggedOut }));
      },
      async sendMessage(jid, content) {
        if (state !== 'open')
          throw new Boom('Connection Closed', { statusCode: DisconnectReason.connectionClosed });
        if (!('text' in content) || typeof content.text !== 'string')
          throw new Error('the fake sends text only');
        const message = generateWAMessageFromContent(
          jid,
          proto.Message.create({ extendedTextMessage: { text: content.text } }),
          { userJid: sock.user?.id ?? '', messageId: generateMessageIDV2(sock.user?.id) },
        );
        const id = message.key.id ?? '';
        sent.push({ businessId, jid, text: content.text, id });
        // Baileys emits the socket's own messages too (emitOwnEvents), as an 'append'.
        setTimeout(
          () => state !== 'close' && ev.emit('messages.upsert', { messages: [message], type: 'append' }),
          0,
        );
        return message;
      },
    };

    // As makeWASocket does: creds updates are merged into the auth state it was given.
    ev.on('creds.update', (update) => Object.assign(auth.creds, update));

    // A real socket talks to the network first: nothing is emitted before the caller subscribed.
    setTimeout(() => {
      if (state === 'close') return;
      ev.emit('connection.update', {
        connection: 'connecting',
        receivedPendingNotifications: false,
        qr: undefined,
      });
      if (auth.creds.me) {
        state = 'open';
        sock.user = { ...auth.creds.me };
        ev.emit('connection.update', { connection: 'open' });
        return;
      }
      state = 'pairing';
      showQr();
      const autoPair = opts.autoPair;
      if (autoPair)
        pairTimer = setTimeout(
          () => sock.state === 'pairing' && scan(businessId, autoPair.phoneNumber),
          autoPair.afterMs,
        );
    }, 0);
    return sock;
  };

  const factory: SocketFactory = ({ businessId, auth, logger }) => {
    // One linked device, one connection: a second one with the same creds replaces the first.
    const previous = liveSocket(businessId);
    if (previous?.creds.me) {
      previous.close(
        new Boom('Stream Errored (conflict)', { statusCode: DisconnectReason.connectionReplaced }),
      );
    } else {
      previous?.close(new Boom('Connection Closed', { statusCode: DisconnectReason.connectionClosed }));
    }
    const sock = openSocket(businessId, auth, logger);
    live.set(businessId, sock);
    return sock;
  };

  return {
    factory,
    scan,
    drop(businessId, statusCode) {
      const sock = liveSocket(businessId);
      if (!sock) throw new Error(`no live socket for ${businessId}`);
      sock.close(new Boom(`Stream Errored (${statusCode})`, { statusCode }));
    },
    receive(businessId, fromE164, text) {
      const sock = liveSocket(businessId);
      if (sock?.state !== 'open') throw new Error(`the socket of ${businessId} is not open`);
      const message: WAMessage = {
        key: { remoteJid: jidOf(fromE164), fromMe: false, id: generateMessageID(), addressingMode: 'pn' },
        message: { conversation: text },
        messageTimestamp: Math.floor(Date.now() / 1000),
        pushName: 'Customer',
      };
      sock.ev.emit('messages.upsert', { messages: [message], type: 'notify' });
    },
    deliver(businessId, message) {
      const sock = liveSocket(businessId);
      if (sock?.state !== 'open') throw new Error(`the socket of ${businessId} is not open`);
      sock.ev.emit('messages.upsert', { messages: [message], type: 'notify' });
    },
    sent,
    isOpen: (businessId) => liveSocket(businessId)?.state === 'open',
    media,
    stop: () => media.stop(),
  };
}
