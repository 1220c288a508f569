/**
 * The way out to a customer on WhatsApp, whichever provider carries the business's number.
 * The outbox deliverer (deliver.ts) is the only caller; each provider adapter (meta/,
 * baileys/) turns its own failures into a WhatsAppSendError saying what to do next.
 */

/** One message to one customer. */
export interface OutboundMessage {
  /** E.164. */
  to: string;
  /** The text, always present (what a provider without templates sends). */
  body: string;
  /**
   * The reminder template's body parameters, in order, when the message is a reminder: a
   * provider that needs a template outside the customer's 24-hour window uses them.
   */
  templateParams?: readonly string[];
  /** A template chosen by name (a staff message outside the window): sent as that template. */
  template?: { name: string; language: string };
  /**
   * When the customer last wrote to the business, if ever: Meta allows free text only within
   * 24 hours of it, a template otherwise.
   */
  customerWroteAt?: Date;
}

export interface SendResult {
  /** The provider's id for the message (a wamid on both providers). */
  messageId: string;
}

/**
 * - retry: a passing failure (rate limit, timeout, 5xx, socket reconnecting): try again later.
 * - permanent: this message will never go (invalid number, outside the 24-hour window
 *   without a template): mark it failed, do not retry.
 * - disconnected: the business's link itself is broken (token revoked, logged out): the
 *   channel is marked disconnected and the staff told; the message waits for a re-link.
 */
export type SendFailure = 'retry' | 'permanent' | 'disconnected';

export class WhatsAppSendError extends Error {
  constructor(
    message: string,
    readonly failure: SendFailure,
    /** The provider's own code (a Graph error code, a Baileys disconnect code), for logs. */
    readonly code?: string | number,
  ) {
    super(message);
    this.name = 'WhatsAppSendError';
  }
}

/** The business's WhatsApp number as a JID Baileys addresses: digits of E.164 @s.whatsapp.net. */
export function jidOf(e164: string): string {
  return `${e164.replace(/^\+/, '')}@s.whatsapp.net`;
}

/** The E.164 number of a user JID ("972501234567:3@s.whatsapp.net" → "+972501234567"). */
export function e164OfJid(jid: string): string | undefined {
  const m = /^(\d{6,15})(?::\d+)?@s\.whatsapp\.net$/.exec(jid);
  return m ? `+${m[1]}` : undefined;
}
