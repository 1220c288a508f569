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
  send(channel: ChannelRow, message: OutboundMessage): Promise<SendResult>;
}

export function createCarrier(deps: {
  box: SecretBox;
  meta: MetaClient;
  sessions: Pick<WhatsAppSessions, 'send'>;
}): WhatsAppCarrier {
  return {
    async send(channel, message) {
      if (channel.provider === 'baileys') return deps.sessions.send(channel.businessId, message);
      const { metaPhoneNumberId: phoneNumberId, metaAccessTokenSealed: sealed } = channel;
      if (!phoneNumberId || !sealed)
        throw new WhatsAppSendError('Meta channel without credentials', 'disconnected');
      const accessToken = await deps.box.open(sealed, channel.businessId);
      const template = channel.metaReminderTemplate
        ? { name: channel.metaReminderTemplate, language: channel.metaTemplateLanguage }
        : undefined;
      return deps.meta.send({ phoneNumberId, accessToken }, message, template);
    },
  };
}
