import { action, query } from '@solidjs/router';
import { api, withQuery } from '../../api';

export type WebhookEvent =
  | 'lead.created'
  | 'lead.updated'
  | 'appointment.booked'
  | 'appointment.rescheduled'
  | 'appointment.cancelled'
  | 'call.completed'
  | 'whatsapp.message.received'
  | 'whatsapp.disconnected'
  | 'task.assigned';

export const EVENT_LABEL: Record<WebhookEvent, string> = {
  'lead.created': 'ליד חדש',
  'lead.updated': 'ליד עודכן',
  'appointment.booked': 'פגישה נקבעה',
  'appointment.rescheduled': 'פגישה הוזזה',
  'appointment.cancelled': 'פגישה בוטלה',
  'call.completed': 'שיחה הסתיימה',
  'whatsapp.message.received': 'הודעת וואטסאפ התקבלה',
  'whatsapp.disconnected': 'הוואטסאפ התנתק',
  'task.assigned': 'משימה הוקצתה',
};
export const EVENTS = Object.keys(EVENT_LABEL) as WebhookEvent[];

export interface Endpoint {
  id: string;
  url: string;
  description: string;
  events: WebhookEvent[];
  enabled: boolean;
  createdAt: string;
}
export interface Delivery {
  id: string;
  eventType: WebhookEvent;
  state: 'pending' | 'succeeded' | 'failing' | 'failed';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  replays: number;
  createdAt: string;
  body: string;
}
export interface ApiKey {
  id: string;
  name: string;
  role: 'admin' | 'agent';
  prefix: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

const hook = (id: string, tail = '') => `/api/webhooks/${encodeURIComponent(id)}${tail}`;

export const listEndpoints = query(
  async (businessId: string | undefined) =>
    (await api.get<{ endpoints: Endpoint[] }>(withQuery('/api/webhooks', { businessId }))).endpoints,
  'webhookEndpoints',
);
export const listDeliveries = query(
  async (businessId: string | undefined, endpointId: string) =>
    (await api.get<{ deliveries: Delivery[] }>(withQuery(hook(endpointId, '/deliveries'), { businessId })))
      .deliveries,
  'webhookDeliveries',
);
export const createEndpoint = action(
  (businessId: string | undefined, input: { url: string; description: string; events: WebhookEvent[] }) =>
    api.post<{ endpoint: Endpoint; secret: string }>(withQuery('/api/webhooks', { businessId }), input),
  'createWebhookEndpoint',
);
export const updateEndpoint = action(
  (
    businessId: string | undefined,
    id: string,
    patch: Partial<Pick<Endpoint, 'enabled' | 'events' | 'url'>>,
  ) => api.patch(withQuery(hook(id), { businessId }), patch),
  'updateWebhookEndpoint',
);
export const deleteEndpoint = action(
  (businessId: string | undefined, id: string) => api.delete(withQuery(hook(id), { businessId })),
  'deleteWebhookEndpoint',
);
export const replayDelivery = action(
  (businessId: string | undefined, endpointId: string, deliveryId: string) =>
    api.post(
      withQuery(hook(endpointId, `/deliveries/${encodeURIComponent(deliveryId)}/replay`), { businessId }),
    ),
  'replayWebhookDelivery',
);

export const listApiKeys = query(
  async (businessId: string | undefined) =>
    (await api.get<{ apiKeys: ApiKey[] }>(withQuery('/api/api-keys', { businessId }))).apiKeys,
  'apiKeys',
);
export const createApiKey = action(
  (businessId: string | undefined, input: { name: string; role: ApiKey['role'] }) =>
    api.post<{ apiKey: ApiKey; key: string }>(withQuery('/api/api-keys', { businessId }), input),
  'createApiKey',
);
export const revokeApiKey = action(
  (businessId: string | undefined, id: string) =>
    api.delete(withQuery(`/api/api-keys/${encodeURIComponent(id)}`, { businessId })),
  'revokeApiKey',
);
