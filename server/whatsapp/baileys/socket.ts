/**
 * The production SocketFactory: a real WhatsApp Web connection through Baileys. Signal keys
 * are read through Baileys' own cache in front of the database store; the process never
 * shows as "online" on the owner's phone and fetches no chat history (it only needs new
 * messages).
 */
import makeWASocket, { Browsers, makeCacheableSignalKeyStore } from '@whiskeysockets/baileys';
import type { SocketFactory } from './socket-types';

export const baileysSocketFactory: SocketFactory = ({ auth, logger, getMessage }) =>
  makeWASocket({
    auth: { creds: auth.creds, keys: makeCacheableSignalKeyStore(auth.keys, logger) },
    logger,
    browser: Browsers.ubuntu('ProSaaS'),
    markOnlineOnConnect: false,
    syncFullHistory: false,
    getMessage,
  });
