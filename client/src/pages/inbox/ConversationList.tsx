import { createSignal, For, Show } from 'solid-js';
import { Auto, Phone } from '../../ui/Ltr';
import type { ConversationItem, ConversationPage, InboxFilter } from './data';
import { aiIsOn, FILTERS, listTime } from './labels';

const SEARCH_DELAY_MS = 300;

/** The business's conversations, newest first: search, filters, and one row per contact. */
export function ConversationList(props: {
  page: ConversationPage | undefined;
  selected: string | undefined;
  q: string;
  filter: InboxFilter;
  showingOlder: boolean;
  onSearch: (q: string) => void;
  onFilter: (f: InboxFilter) => void;
  onOlder: (cursor: string) => void;
  onNewest: () => void;
  onOpen: (id: string) => void;
}) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const [typed, setTyped] = createSignal<string>();
  const search = (value: string) => {
    setTyped(value);
    clearTimeout(timer);
    timer = setTimeout(() => props.onSearch(value.trim()), SEARCH_DELAY_MS);
  };
  return (
    <section class="card flex h-full flex-col" aria-labelledby="inbox-list-title">
      <div class="space-y-3 border-b border-slate-200 p-3">
        <div class="flex items-center justify-between">
          <h2 id="inbox-list-title" class="text-base font-semibold text-slate-900">
            שיחות
          </h2>
          <Show when={(props.page?.unreadTotal ?? 0) > 0}>
            <span class="text-xs text-slate-500">
              <Auto>{props.page?.unreadTotal}</Auto> לא נקראו
            </span>
          </Show>
        </div>
        <label class="block">
          <span class="sr-only">חיפוש שיחות</span>
          <input
            type="search"
            class="input"
            placeholder="חיפוש לפי שם או מספר"
            value={typed() ?? props.q}
            onInput={(e) => search(e.currentTarget.value)}
          />
        </label>
        <fieldset class="flex flex-wrap gap-1.5">
          <legend class="sr-only">סינון שיחות</legend>
          <For each={FILTERS}>
            {(f) => (
              <button
                type="button"
                aria-pressed={props.filter === f.value}
                class={`focusable rounded-full px-2.5 py-1 text-xs font-medium ${
                  props.filter === f.value
                    ? 'bg-brand-600 text-white'
                    : 'bg-slate-100 text-slate-600 hover:bg-slate-200'
                }`}
                onClick={() => props.onFilter(f.value)}
              >
                {f.label}
              </button>
            )}
          </For>
        </fieldset>
      </div>
      <Show
        when={props.page}
        fallback={
          <p role="status" class="p-4 text-sm text-slate-500">
            טוען שיחות…
          </p>
        }
      >
        {(page) => (
          <>
            <Show when={page().conversations.length === 0}>
              <p class="p-6 text-center text-sm text-slate-500">
                {props.q || props.filter !== 'all'
                  ? 'אין שיחות שמתאימות לחיפוש.'
                  : 'עדיין אין שיחות. כל הודעה שלקוח שולח לוואטסאפ של העסק תופיע כאן מיד.'}
              </p>
            </Show>
            <ul class="flex-1 divide-y divide-slate-100 overflow-y-auto" aria-label="רשימת השיחות">
              <For each={page().conversations}>
                {(c) => (
                  <ConversationRow
                    conversation={c}
                    selected={props.selected === c.id}
                    onOpen={props.onOpen}
                  />
                )}
              </For>
            </ul>
            <div class="flex justify-between gap-2 p-2">
              <Show when={props.showingOlder}>
                <button type="button" class="btn-ghost btn-sm" onClick={() => props.onNewest()}>
                  לשיחות האחרונות
                </button>
              </Show>
              <Show when={page().nextCursor}>
                {(cursor) => (
                  <button
                    type="button"
                    class="btn-ghost btn-sm ms-auto"
                    onClick={() => props.onOlder(cursor())}
                  >
                    שיחות ישנות יותר
                  </button>
                )}
              </Show>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}

function ConversationRow(props: {
  conversation: ConversationItem;
  selected: boolean;
  onOpen: (id: string) => void;
}) {
  const c = () => props.conversation;
  const preview = () => c().lastMessagePreview ?? '';
  return (
    <li>
      <button
        type="button"
        data-conversation-id={c().id}
        aria-current={props.selected ? 'true' : undefined}
        class={`focusable flex w-full items-start gap-3 px-3 py-3 text-start hover:bg-slate-50 ${
          props.selected ? 'bg-brand-50' : ''
        }`}
        onClick={() => props.onOpen(c().id)}
      >
        <div class="min-w-0 flex-1">
          <div class="flex items-center justify-between gap-2">
            <span
              class={`truncate text-sm ${c().unreadCount > 0 ? 'font-semibold text-slate-900' : 'text-slate-800'}`}
            >
              <ContactTitle conversation={c()} />
            </span>
            <span class="shrink-0 text-xs text-slate-400">
              <Auto>{listTime(c().lastMessageAt, Date.now())}</Auto>
            </span>
          </div>
          <div class="mt-0.5 flex items-center justify-between gap-2">
            <p class="truncate text-xs text-slate-500" dir="auto">
              <Show when={c().lastDirection === 'out'}>
                <span class="text-slate-400">↩ </span>
              </Show>
              {preview()}
            </p>
            <Show when={c().unreadCount > 0}>
              <span
                class="shrink-0 rounded-full bg-emerald-600 px-1.5 text-xs font-semibold text-white"
                data-unread={c().unreadCount}
              >
                <span aria-hidden="true">{c().unreadCount}</span>
                <span class="sr-only">{`${c().unreadCount} הודעות שלא נקראו`}</span>
              </span>
            </Show>
          </div>
          <div class="mt-1 flex flex-wrap gap-1">
            <Show when={c().needsHuman}>
              <span class="badge bg-red-50 text-red-700">צריך נציג</span>
            </Show>
            <Show when={!c().isGroup && !aiIsOn(c().ai, Date.now())}>
              <span class="badge bg-amber-50 text-amber-800">העוזר מושהה</span>
            </Show>
            <Show when={c().isGroup}>
              <span class="badge bg-slate-100 text-slate-600">קבוצה</span>
            </Show>
          </div>
        </div>
      </button>
    </li>
  );
}

/** The contact as the inbox names them: their name, else their number, else "a username customer". */
export function ContactTitle(props: { conversation: ConversationItem }) {
  return (
    <Show
      when={props.conversation.contactName}
      fallback={
        <Show
          when={props.conversation.contactPhone}
          fallback={props.conversation.isGroup ? 'קבוצה' : 'לקוח עם שם משתמש'}
        >
          {(phone) => <Phone e164={phone()} />}
        </Show>
      }
    >
      {(name) => <Auto>{name()}</Auto>}
    </Show>
  );
}
