/**
 * Picks the business's provider for one message: Meta's Cloud API (its sealed token opened
 * just for the request) or the business's Baileys session in this process.
 */
import type { SecretBox } from '../lib/secrets';
import type { WhatsAppSessions } from './baileys/sessions';
import type { ChannelRow } from './channels';
import type { MetaClient } from './meta/graph-client';
import { type OutboundMessage, type SendResult, WhatsAppSendError } from './transport';

export interface WhatsAppCarrier {
  send(channel: ChannelRow, message: OutboundMessage, now: Date): Promise<SendResult>;
}

/** Meta's customer service window, less a margin for the time the request takes. */
const FREE_TEXT_WINDOW_MS = 24 * 3_600_000 - 5 * 60_000;

/**
 * Free text while the customer's window is open (a reply, a reminder to someone who just
 * wrote); the business's approved template for a reminder otherwise; and otherwise nothing
 * Meta would take: refused here, at once and with the reason, rather than accepted by Meta
 * and failed later (it reports 131047 asynchronously).
 */
function metaTemplateFor(channel: ChannelRow, message: OutboundMessage, now: Date) {
  if (message.template) return message.template;
  const wrote = message.customerWroteAt;
  if (wrote && now.getTime() - wrote.getTime() < FREE_TEXT_WINDOW_MS) return undefined;
  if (channel.metaReminderTemplate && message.templateParams)
    return { name: channel.metaReminderTemplate, language: channel.metaTemplateLanguage };
  throw new WhatsAppSendError(
    channel.metaReminderTemplate
      ? 'the customer has not written in the last 24 hours, and this message has no template'
      : 'the customer has not written in the last 24 hours, and no reminder template is set',
    'permanent',
    131047,
  );
}

export function createCarrier(deps: {
  box: SecretBox;
  meta: MetaClient;
  sessions: Pick<WhatsAppSessions, 'send'>;
}): WhatsAppCarrier {
  return {
    async send(channel, message, now) {
      if (channel.provider === 'baileys') return deps.sessions.send(channel.businessId, message);
      const { metaPhoneNumberId: phoneNumberId, metaAccessTokenSealed: sealed } = channel;
      if (!phoneNumberId || !sealed)
        throw new WhatsAppSendError('Meta channel without credentials', 'disconnected');
      const template = metaTemplateFor(channel, message, now);
      const accessToken = await deps.box.open(sealed, channel.businessId);
      return deps.meta.send({ phoneNumberId, accessToken }, message, template);
    },
  };
}
