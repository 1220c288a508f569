import { action, query } from '@solidjs/router';
import type { getWhatsApp, MetaChannelBody } from '../../../../server/whatsapp/service';
import { api, withQuery } from '../../api';

/** What GET /api/whatsapp answers: the channel (null before any link) and the outgoing messages. */
export type WhatsAppView = Awaited<ReturnType<typeof getWhatsApp>>;
export type Channel = NonNullable<WhatsAppView['channel']>;
export type OutboxMessage = WhatsAppView['outbox']['recent'][number];
export type MetaInput = MetaChannelBody;

export const getWhatsAppView = query(
  (businessId?: string) => api.get<WhatsAppView>(withQuery('/api/whatsapp', { businessId })),
  'whatsapp',
);

/** Links a Cloud API number; the server asks Graph first, so a wrong id or token is refused here. */
export const linkMeta = action(
  (businessId: string | undefined, input: MetaInput) =>
    api.put<WhatsAppView>(withQuery('/api/whatsapp/meta', { businessId }), input),
  'linkWhatsAppMeta',
);

/** Starts pairing over WhatsApp Web: a QR to scan shows up in the view shortly after. */
export const linkBaileys = action(
  (businessId: string | undefined) =>
    api.post<WhatsAppView>(withQuery('/api/whatsapp/baileys', { businessId })),
  'linkWhatsAppBaileys',
);

/** Unlinks whichever provider; messages still waiting then fail as "not connected". */
export const unlinkWhatsApp = action(
  (businessId: string | undefined) => api.delete(withQuery('/api/whatsapp', { businessId })),
  'unlinkWhatsApp',
);
