import { A } from '@solidjs/router';
import { createEffect, For, on, Show } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { withQuery } from '../../api';
import { Auto, Phone } from '../../ui/Ltr';
import { SOURCE_LABEL } from '../leads/labels';
import { AiToggle } from './AiToggle';
import { Composer } from './Composer';
import { ContactTitle } from './ConversationList';
import { type ChatMessage, type ConversationDetail, markConversationRead } from './data';
import { MessageBubble } from './MessageBubble';

/**
 * One conversation: who it is with and who answers it (the AI toggle) on top, both sides of
 * the chat, the reply composer, and the lead beside it (below it on narrow screens).
 */
export function ChatPane(props: {
  detail: ConversationDetail;
  businessId: string | undefined;
  onBack: () => void;
}) {
  const c = () => props.detail.conversation;
  // Each refetch is merged by message id, so a message already on screen keeps its element:
  // a voice note being played is not reloaded when another message or a delivery state arrives.
  const [messages, setMessages] = createStore<ChatMessage[]>([]);
  createEffect(() => setMessages(reconcile(props.detail.messages, { key: 'id' })));
  let scroller: HTMLOListElement | undefined;
  // New messages scroll into view; opening another conversation starts at its end.
  createEffect(
    on(
      () => [c().id, props.detail.messages.length],
      () => queueMicrotask(() => scroller?.scrollTo({ top: scroller.scrollHeight })),
    ),
  );
  // Open and showing unread messages: they are read now (the list's count follows over the stream).
  createEffect(() => {
    if (c().unreadCount > 0) void markConversationRead(props.businessId, c().id).catch(() => {});
  });
  return (
    <div class="grid gap-4 xl:grid-cols-[minmax(0,1fr)_18rem]">
      <section class="card flex min-h-[32rem] flex-col" aria-labelledby="chat-title">
        <header class="space-y-2 border-b border-slate-200 p-3">
          <div class="flex items-center gap-2">
            <button type="button" class="btn-ghost btn-sm lg:hidden" onClick={() => props.onBack()}>
              → לכל השיחות
            </button>
            <h2 id="chat-title" class="min-w-0 flex-1 truncate text-base font-semibold text-slate-900">
              <ContactTitle conversation={c()} />
            </h2>
            <span class="text-xs text-slate-400">
              {c().provider === 'meta' ? 'WhatsApp Business' : 'WhatsApp Web'}
            </span>
          </div>
          <Show when={!c().isGroup}>
            <AiToggle conversation={c()} businessId={props.businessId} />
          </Show>
        </header>
        <ol
          ref={scroller}
          class="flex-1 space-y-2 overflow-y-auto bg-slate-50 p-3"
          style={{ 'max-height': '60vh' }}
          aria-label="ההודעות בשיחה"
        >
          <For each={messages} fallback={<li class="text-center text-sm text-slate-500">אין הודעות.</li>}>
            {(m) => <MessageBubble message={m} businessId={props.businessId} isGroup={c().isGroup} />}
          </For>
        </ol>
        <Composer detail={props.detail} businessId={props.businessId} />
      </section>
      <LeadPanel detail={props.detail} businessId={props.businessId} />
    </div>
  );
}

function LeadPanel(props: { detail: ConversationDetail; businessId: string | undefined }) {
  const c = () => props.detail.conversation;
  return (
    <aside class="card h-fit p-4" aria-labelledby="lead-title">
      <h2 id="lead-title" class="mb-3 text-base font-semibold text-slate-900">
        הליד
      </h2>
      <Show
        when={props.detail.lead}
        fallback={
          <p class="text-sm text-slate-500">
            {c().isGroup
              ? 'לקבוצה אין ליד.'
              : c().contactPhone
                ? 'אין ליד לשיחה הזו עדיין.'
                : 'הלקוח מסתיר את המספר שלו, ולכן לא נוצר ליד (לידים נשמרים לפי מספר).'}
          </p>
        }
      >
        {(lead) => (
          <dl class="grid grid-cols-[auto_1fr] gap-x-3 gap-y-2 text-sm">
            <dt class="text-slate-500">שם</dt>
            <dd>
              <A
                href={withQuery(`/leads/${encodeURIComponent(lead().id)}`, { businessId: props.businessId })}
                class="focusable rounded text-brand-700 hover:underline"
              >
                <Show when={lead().name} fallback="ללא שם">
                  {(n) => <Auto>{n()}</Auto>}
                </Show>
              </A>
            </dd>
            <dt class="text-slate-500">טלפון</dt>
            <dd>
              <Phone e164={lead().phone} links />
            </dd>
            <Show when={lead().email}>
              {(email) => (
                <>
                  <dt class="text-slate-500">אימייל</dt>
                  <dd class="truncate">
                    <bdi dir="ltr">{email()}</bdi>
                  </dd>
                </>
              )}
            </Show>
            <Show when={lead().source}>
              {(s) => (
                <>
                  <dt class="text-slate-500">מקור</dt>
                  <dd>{SOURCE_LABEL[s() as keyof typeof SOURCE_LABEL] ?? s()}</dd>
                </>
              )}
            </Show>
          </dl>
        )}
      </Show>
      <Show when={c().needsHuman}>
        {(n) => (
          <p class="mt-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
            העוזר ביקש נציג
            <Show when={n().reason}>
              {(r) => (
                <>
                  : <Auto>{r()}</Auto>
                </>
              )}
            </Show>
          </p>
        )}
      </Show>
    </aside>
  );
}
