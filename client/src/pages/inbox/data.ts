import { action, query } from '@solidjs/router';
import type { ReplyBody } from '../../../../server/whatsapp/inbox/actions';
import type {
  getConversation,
  InboxFilter,
  listConversations,
} from '../../../../server/whatsapp/inbox/service';
import { api, withQuery } from '../../api';

/** What GET /api/inbox/conversations answers: a page of conversations and the business's unread total. */
export type ConversationPage = Awaited<ReturnType<typeof listConversations>>;
export type ConversationItem = ConversationPage['conversations'][number];
/** What GET /api/inbox/conversations/:id answers: the conversation, both sides, the lead, the templates. */
export type ConversationDetail = Awaited<ReturnType<typeof getConversation>>;
export type ChatMessage = ConversationDetail['messages'][number];
export type InboundChatMessage = Extract<ChatMessage, { direction: 'in' }>;
export type OutboundChatMessage = Extract<ChatMessage, { direction: 'out' }>;
export type Template = ConversationDetail['templates'][number];
export type { InboxFilter, ReplyBody };

export const listInbox = query(
  (businessId: string | undefined, q: string | undefined, filter: InboxFilter, before?: string) =>
    api.get<ConversationPage>(withQuery('/api/inbox/conversations', { q, filter, before, businessId })),
  'inbox',
);

export const getInboxConversation = query(
  (businessId: string | undefined, id: string) =>
    api.get<ConversationDetail>(
      withQuery(`/api/inbox/conversations/${encodeURIComponent(id)}`, { businessId }),
    ),
  'inboxConversation',
);

const base = (businessId: string | undefined, id: string, tail: string) =>
  withQuery(`/api/inbox/conversations/${encodeURIComponent(id)}${tail}`, { businessId });

/** Queues a staff reply through the outbox; the server pauses the assistant with it. */
export const sendReply = action(
  (businessId: string | undefined, id: string, body: ReplyBody) =>
    api.post<{ conversation: ConversationItem }>(base(businessId, id, '/messages'), body),
  'inboxReply',
);

export const setAiState = action(
  (businessId: string | undefined, id: string, state: 'on' | 'paused') =>
    api.put<{ conversation: ConversationItem }>(base(businessId, id, '/ai'), { state }),
  'inboxAi',
);

export const markConversationRead = (businessId: string | undefined, id: string) =>
  api.post<{ ok: true }>(base(businessId, id, '/read'));

/** Where a customer's photo, file or voice note is served (the API's url, for the chosen business). */
export function mediaUrl(url: string, businessId: string | undefined): string {
  return businessId
    ? `${url}${url.includes('?') ? '&' : '?'}businessId=${encodeURIComponent(businessId)}`
    : url;
}

/**
 * The business's inbox changes (GET /api/inbox/stream, SSE): `onChange` with the conversation
 * that changed (a message in or out, a delivery state, the AI toggle, read); `onReady` each
 * time the stream (re)connects, when anything missed while away should be read again.
 */
export function openInboxStream(
  businessId: string | undefined,
  handlers: { onChange: (conversationId: string) => void; onReady?: () => void },
): () => void {
  const source = new EventSource(withQuery('/api/inbox/stream', { businessId }));
  source.addEventListener('ready', () => handlers.onReady?.());
  source.addEventListener('change', (event) => {
    const data = JSON.parse((event as MessageEvent<string>).data) as { conversationId?: string };
    if (data.conversationId) handlers.onChange(data.conversationId);
  });
  return () => source.close();
}

export type InboxSettingsView = { aiResumeAfterMinutes: number | null; templates: Template[] };

export const getInboxSettings = query(
  (businessId: string | undefined) =>
    api.get<InboxSettingsView>(withQuery('/api/inbox/settings', { businessId })),
  'inboxSettings',
);

export const saveInboxSettings = action(
  (businessId: string | undefined, body: InboxSettingsView) =>
    api.put<InboxSettingsView>(withQuery('/api/inbox/settings', { businessId }), body),
  'inboxSettingsSave',
);
