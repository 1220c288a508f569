/**
 * What a closed Baileys connection means for the business, decided from its disconnect code
 * alone (Baileys' DisconnectReason), so the session code only acts on the verdict.
 */
import type { Boom } from '@hapi/boom';
import { DisconnectReason } from '@whiskeysockets/baileys';

export type CloseVerdict =
  /** WhatsApp asks for a new connection at once (normal right after the QR was scanned). */
  | { kind: 'restart'; code: number; reason: string }
  /** A passing loss of the connection: reconnect with backoff, alarm only if it lasts. */
  | { kind: 'transient'; code: number | undefined; reason: string }
  /** The link is gone until someone acts; `clearKeys` when the stored session is useless. */
  | { kind: 'terminal'; code: number; reason: string; clearKeys: boolean };

const LABELS: Record<number, string> = {
  [DisconnectReason.loggedOut]: 'logged_out',
  [DisconnectReason.forbidden]: 'forbidden',
  [DisconnectReason.connectionLost]: 'connection_lost',
  [DisconnectReason.multideviceMismatch]: 'multidevice_mismatch',
  [DisconnectReason.connectionClosed]: 'connection_closed',
  [DisconnectReason.connectionReplaced]: 'connection_replaced',
  [DisconnectReason.badSession]: 'bad_session',
  [DisconnectReason.unavailableService]: 'unavailable',
  [DisconnectReason.restartRequired]: 'restart_required',
};

/** The code Baileys put on the error that closed the connection (a Boom), if any. */
export function disconnectCode(error: Error | Boom | undefined): number | undefined {
  const code = (error as Boom | undefined)?.output?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** "logged_out (401)": what the staff see as the channel's status reason. */
export function disconnectReason(code: number | undefined): string {
  if (code === undefined) return 'connection_error';
  return `${LABELS[code] ?? 'unknown'} (${code})`;
}

export function classifyClose(code: number | undefined): CloseVerdict {
  const reason = disconnectReason(code);
  switch (code) {
    case DisconnectReason.restartRequired:
      return { kind: 'restart', code, reason };
    case DisconnectReason.loggedOut:
    case DisconnectReason.badSession:
      return { kind: 'terminal', code, reason, clearKeys: true };
    case DisconnectReason.forbidden:
    case DisconnectReason.multideviceMismatch:
    // Another device or process took the session: reconnecting would take it back and forth.
    case DisconnectReason.connectionReplaced:
      return { kind: 'terminal', code, reason, clearKeys: false };
    default:
      return { kind: 'transient', code, reason };
  }
}
