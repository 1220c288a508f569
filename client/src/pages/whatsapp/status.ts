/**
 * What the WhatsApp page says about a channel and its messages, in Hebrew. The server's
 * reasons are codes or English provider messages: known ones get a sentence, any other
 * is shown as it came (it is still the best clue a person has).
 */
import type { Channel, OutboxMessage } from './data';

export { deliveryErrorText, reasonText } from '../../../../server/whatsapp/reason-text';

/** The channel as the page shows it; 'starting' is a pairing whose QR is not up yet. */
export type Phase = 'none' | 'starting' | 'pairing' | 'connected' | 'disconnected' | 'not_connected';

export function phaseOf(channel: Channel | null | undefined): Phase {
  if (!channel) return 'none';
  // A pairing that ended (timed out, interrupted) leaves a reason; one just started has none.
  if (channel.provider === 'baileys' && channel.status === 'not_connected' && !channel.statusReason)
    return 'starting';
  return channel.status;
}

export type Tone = 'green' | 'amber' | 'slate' | 'red';

export const PHASE_BADGE: Record<Phase, { label: string; tone: Tone }> = {
  none: { label: 'לא מחובר', tone: 'slate' },
  not_connected: { label: 'לא מחובר', tone: 'slate' },
  starting: { label: 'מתחבר…', tone: 'amber' },
  pairing: { label: 'ממתין לסריקה', tone: 'amber' },
  connected: { label: 'מחובר', tone: 'green' },
  disconnected: { label: 'מנותק', tone: 'red' },
};

export const PROVIDER_LABEL: Record<Channel['provider'], string> = {
  baileys: 'WhatsApp Web (סריקת קוד QR)',
  meta: 'WhatsApp Business API (Meta)',
};

/** How often to ask again: quickly while the QR is being made, calmly while it waits to be scanned. */
export const POLL_STARTING_MS = 500;
export const POLL_PAIRING_MS = 2000;
/** A QR that takes longer than this to appear is polled calmly too: something is slow, not stuck on us. */
export const STARTING_FAST_FOR_MS = 10_000;

/** Milliseconds until the next refresh, or undefined when nothing is about to change by itself. */
export function pollDelay(phase: Phase, startingForMs: number): number | undefined {
  if (phase === 'pairing') return POLL_PAIRING_MS;
  if (phase === 'starting') return startingForMs < STARTING_FAST_FOR_MS ? POLL_STARTING_MS : POLL_PAIRING_MS;
  return undefined;
}

export const MESSAGE_STATUS: Record<OutboxMessage['status'], { label: string; tone: Tone }> = {
  sent: { label: 'נשלחה', tone: 'green' },
  pending: { label: 'ממתינה', tone: 'amber' },
  failed: { label: 'נכשלה', tone: 'red' },
};

const timeFormat = new Intl.DateTimeFormat('he-IL', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

/** "3 בנוב׳, 14:05"; unparseable input is shown as is. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : timeFormat.format(date);
}
