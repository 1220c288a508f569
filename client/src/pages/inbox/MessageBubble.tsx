import { For, Match, Show, Switch } from 'solid-js';
import { deliveryErrorText } from '../../../../server/whatsapp/reason-text';
import { Auto, Ltr, Phone } from '../../ui/Ltr';
import { type ChatMessage, type InboundChatMessage, mediaUrl, type OutboundChatMessage } from './data';
import {
  bytesText,
  contactsOf,
  DELIVERY_LABEL,
  DELIVERY_MARK,
  kindLabel,
  locationOf,
  MEDIA_PROBLEM,
  mapUrl,
  messageTime,
  senderLabel,
  TRANSCRIPT_STATUS,
} from './labels';

/**
 * One message in the chat. The customer's are on the start side, ours on the end side (as
 * WhatsApp lays them out in Hebrew); a reaction sits on the message it reacts to.
 */
export function MessageBubble(props: {
  message: ChatMessage;
  businessId: string | undefined;
  isGroup: boolean;
}) {
  return (
    <Switch>
      <Match when={props.message.direction === 'in' && props.message.kind === 'system' && props.message}>
        {(m) => (
          <li class="text-center text-xs text-slate-500" data-message-id={m().id}>
            <span class="rounded-full bg-slate-200 px-3 py-1" dir="auto">
              {m().body || kindLabel('system')}
            </span>
          </li>
        )}
      </Match>
      <Match when={props.message.direction === 'in' && (props.message as InboundChatMessage)}>
        {(m) => <Inbound message={m()} businessId={props.businessId} isGroup={props.isGroup} />}
      </Match>
      <Match when={props.message.direction === 'out' && (props.message as OutboundChatMessage)}>
        {(m) => <Outbound message={m()} />}
      </Match>
    </Switch>
  );
}

function Reaction(props: { emoji: string | null }) {
  return (
    <Show when={props.emoji}>
      {(emoji) => (
        <span
          class="absolute -bottom-3 end-2 rounded-full border border-slate-200 bg-white px-1.5 text-sm shadow-sm"
          role="img"
          aria-label={`תגובה: ${emoji()}`}
        >
          {emoji()}
        </span>
      )}
    </Show>
  );
}

function Inbound(props: { message: InboundChatMessage; businessId: string | undefined; isGroup: boolean }) {
  const m = () => props.message;
  const src = () => (m().media?.url ? mediaUrl(m().media?.url ?? '', props.businessId) : null);
  const mediaProblem = () =>
    m().media && !m().media?.url ? MEDIA_PROBLEM[m().media?.status ?? ''] : undefined;
  const isVoice = () => m().kind === 'voice' || m().kind === 'audio';
  return (
    <li class="flex justify-start" data-message-id={m().id} data-kind={m().kind}>
      <div
        class={`relative max-w-[85%] rounded-2xl rounded-ss-sm bg-white px-3 py-2 text-sm text-slate-800 shadow-sm ${m().reaction ? 'mb-3' : ''}`}
      >
        <Show when={props.isGroup && m().senderName}>
          {(name) => (
            <p class="mb-0.5 text-xs font-medium text-brand-700">
              <Auto>{name()}</Auto>
            </p>
          )}
        </Show>
        <Show when={kindLabel(m().kind) && m().kind !== 'interactive' && m().kind !== 'button'}>
          <p class="text-xs text-slate-400">{kindLabel(m().kind)}</p>
        </Show>
        <Switch>
          <Match when={mediaProblem()}>{(p) => <p class="text-xs text-slate-500">{p()}</p>}</Match>
          <Match when={src() && (m().kind === 'image' || m().kind === 'sticker') && src()}>
            {(url) => (
              <a href={url()} target="_blank" rel="noopener noreferrer" class="focusable block rounded">
                <img
                  src={url()}
                  alt={m().body ? `תמונה: ${m().body}` : 'תמונה שהלקוח שלח'}
                  class={`mt-1 rounded-lg object-cover ${m().kind === 'sticker' ? 'h-28 w-28' : 'max-h-72 w-full'}`}
                  loading="lazy"
                />
              </a>
            )}
          </Match>
          <Match when={src() && isVoice() && src()}>
            {(url) => (
              <audio controls preload="metadata" src={url()} class="mt-1 w-64 max-w-full">
                <track kind="captions" />
              </audio>
            )}
          </Match>
          <Match when={src() && m().kind === 'video' && src()}>
            {(url) => (
              <video controls preload="metadata" src={url()} class="mt-1 max-h-72 w-full rounded-lg">
                <track kind="captions" />
              </video>
            )}
          </Match>
          <Match when={src()}>
            {(url) => (
              <a
                href={url()}
                target="_blank"
                rel="noopener noreferrer"
                class="focusable mt-1 flex items-center gap-2 rounded-lg bg-slate-100 px-3 py-2 text-brand-700 hover:underline"
              >
                📄 פתיחת הקובץ
                <Show when={m().media?.bytes}>
                  <span class="text-xs text-slate-500">
                    <Ltr>{bytesText(m().media?.bytes ?? null)}</Ltr>
                  </span>
                </Show>
              </a>
            )}
          </Match>
        </Switch>
        <Show when={isVoice() && m().transcript}>
          {(t) => (
            <p class="mt-1 border-s-2 border-slate-200 ps-2 text-sm text-slate-700" data-transcript>
              <Show
                when={t().status === 'done'}
                fallback={<span class="text-xs text-slate-500">{TRANSCRIPT_STATUS[t().status]}</span>}
              >
                <span class="sr-only">תמליל: </span>
                <span dir="auto">{t().text}</span>
              </Show>
            </p>
          )}
        </Show>
        <Switch>
          <Match when={locationOf(m())}>
            {(l) => (
              <div class="mt-1 space-y-0.5">
                <Show when={l().name}>
                  {(n) => (
                    <p class="font-medium" dir="auto">
                      {n()}
                    </p>
                  )}
                </Show>
                <Show when={l().address}>{(a) => <p dir="auto">{a()}</p>}</Show>
                <a
                  href={mapUrl(l())}
                  target="_blank"
                  rel="noopener noreferrer"
                  class="focusable rounded text-brand-700 hover:underline"
                >
                  פתיחה במפה (<Ltr>{`${l().latitude.toFixed(5)}, ${l().longitude.toFixed(5)}`}</Ltr>)
                </a>
              </div>
            )}
          </Match>
          <Match when={contactsOf(m()).length > 0}>
            <ul class="mt-1 space-y-1">
              <For each={contactsOf(m())}>
                {(card) => (
                  <li>
                    <span class="font-medium">
                      <Auto>{card.name || 'איש קשר'}</Auto>
                    </span>
                    <For each={card.phones}>
                      {(p) => (
                        <span class="ms-2">
                          <Show when={/^\+\d{8,15}$/.test(p)} fallback={<Ltr>{p}</Ltr>}>
                            <Phone e164={p} />
                          </Show>
                        </span>
                      )}
                    </For>
                  </li>
                )}
              </For>
            </ul>
          </Match>
          <Match when={!isVoice() && m().body}>
            {(body) => (
              <p class="mt-0.5 whitespace-pre-wrap break-words" dir="auto">
                <Show when={m().kind === 'interactive' || m().kind === 'button'}>
                  <span class="text-xs text-slate-400">בחר/ה: </span>
                </Show>
                {body()}
              </p>
            )}
          </Match>
        </Switch>
        <p class="mt-1 text-end text-[11px] text-slate-400">
          <Show when={m().handling === 'paused'}>
            <span class="me-1">נשמרה בזמן שהעוזר מושהה ·</span>
          </Show>
          <Ltr>{messageTime(m().at, Date.now())}</Ltr>
        </p>
        <Reaction emoji={m().reaction} />
      </div>
    </li>
  );
}

function Outbound(props: { message: OutboundChatMessage }) {
  const m = () => props.message;
  return (
    <li
      class="flex justify-end"
      data-message-id={m().id}
      data-delivery={m().delivery}
      data-sender={m().sender}
    >
      <div
        class={`relative max-w-[85%] rounded-2xl rounded-se-sm px-3 py-2 text-sm shadow-sm ${
          m().sender === 'staff' ? 'bg-emerald-100 text-slate-900' : 'bg-brand-50 text-slate-900'
        } ${m().reaction ? 'mb-3' : ''}`}
      >
        <p class="mb-0.5 text-xs font-medium text-slate-600">
          <Auto>{senderLabel(m())}</Auto>
          <Show when={m().kind === 'template'}>
            <span class="ms-1 text-slate-400">· תבנית</span>
          </Show>
        </p>
        <p class="whitespace-pre-wrap break-words" dir="auto">
          {m().body}
        </p>
        <p class="mt-1 flex items-center justify-end gap-1.5 text-[11px] text-slate-500">
          <Ltr>{messageTime(m().at, Date.now())}</Ltr>
          <span
            class={m().delivery === 'read' ? 'text-sky-600' : m().delivery === 'failed' ? 'text-red-600' : ''}
            aria-hidden="true"
          >
            {DELIVERY_MARK[m().delivery]}
          </span>
          <span class={m().delivery === 'failed' ? 'text-red-700' : ''} data-delivery-label>
            {DELIVERY_LABEL[m().delivery]}
          </span>
        </p>
        <Show when={m().failure}>
          {(reason) => (
            <p class="mt-1 text-xs text-red-700" dir="auto">
              {deliveryErrorText(reason())}
            </p>
          )}
        </Show>
        <Reaction emoji={m().reaction} />
      </div>
    </li>
  );
}
