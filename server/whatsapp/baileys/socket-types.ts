/**
 * The shape of a Baileys socket as the sessions use it, and the factory that makes one
 * (makeWASocket in production, the fake WhatsApp in tests and the demo). A leaf module, so
 * the sessions and their connections both import it without importing each other.
 */
import type {
  AuthenticationState,
  proto,
  SocketConfig,
  WAMessageKey,
  WASocket,
} from '@whiskeysockets/baileys';

/** Baileys' logger interface (not exported by name from the package). */
type ILogger = SocketConfig['logger'];

export type BaileysSocket = Pick<WASocket, 'ev' | 'sendMessage' | 'logout' | 'end'> & {
  user?: WASocket['user'];
};

export type SocketFactory = (opts: {
  businessId: string;
  auth: AuthenticationState;
  logger: ILogger;
  getMessage: (key: WAMessageKey) => Promise<proto.IMessage | undefined>;
}) => BaileysSocket;
