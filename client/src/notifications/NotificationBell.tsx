import { A, createAsync } from '@solidjs/router';
import { createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import { Icon } from '../ui/Icon';
import { type AppNotification, fetchNotifications, markAllRead, markRead } from './data';
import { createLiveNotifications } from './live';

const timeFormat = new Intl.DateTimeFormat('he-IL', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

/**
 * The bell in the shell: the unread count, live, and a panel of the latest notifications.
 * Opening one marks it read; a new one is also announced to screen readers.
 */
export function NotificationBell() {
  const live = createLiveNotifications();
  const [open, setOpen] = createSignal(false);
  const [version, setVersion] = createSignal(0);
  // Fetched when the panel opens, and again when a new notification arrives while it is open.
  const list = createAsync(() => {
    live.latest();
    version();
    return open() ? fetchNotifications() : Promise.resolve(undefined);
  });
  const settle = ({ unread }: { unread: number }) => {
    live.setUnread(unread);
    setVersion(version() + 1);
  };
  let root: HTMLDivElement | undefined;

  const label = () => (live.unread() > 0 ? `התראות, ${live.unread()} שלא נקראו` : 'התראות');
  const close = () => setOpen(false);
  const onDocumentClick = (event: MouseEvent) => {
    if (open() && root && !root.contains(event.target as Node)) close();
  };
  const onDocumentKey = (event: KeyboardEvent) => {
    if (open() && event.key === 'Escape') close();
  };
  onMount(() => {
    document.addEventListener('click', onDocumentClick);
    document.addEventListener('keydown', onDocumentKey);
  });
  onCleanup(() => {
    document.removeEventListener('click', onDocumentClick);
    document.removeEventListener('keydown', onDocumentKey);
  });

  async function openOne(n: AppNotification) {
    close();
    if (!n.readAt) settle(await markRead([n.id]));
  }

  return (
    <div ref={root} class="relative" data-stream={live.connected() ? 'open' : 'closed'}>
      <button
        type="button"
        class="btn-ghost relative px-2.5"
        aria-label={label()}
        aria-expanded={open()}
        aria-controls="notifications-panel"
        onClick={() => setOpen(!open())}
      >
        <Icon name="bell" class="h-5 w-5" />
        <Show when={live.unread() > 0}>
          <span
            class="absolute -top-0.5 -end-0.5 min-w-5 rounded-full bg-red-600 px-1 text-center text-xs font-semibold leading-5 text-white tabular-nums"
            aria-hidden="true"
            data-testid="unread-count"
          >
            {live.unread() > 99 ? '99+' : live.unread()}
          </span>
        </Show>
      </button>
      <p class="sr-only" role="status" aria-live="polite">
        {live.latest() ? `התראה חדשה: ${live.latest()?.title}` : ''}
      </p>
      <Show when={open()}>
        <section
          id="notifications-panel"
          aria-label="התראות"
          class="card absolute end-0 top-full z-20 mt-2 w-80 max-w-[calc(100vw-2rem)] overflow-hidden"
        >
          <header class="flex items-center justify-between border-b border-slate-100 px-4 py-3">
            <h2 class="text-sm font-semibold text-slate-900">התראות</h2>
            <button
              type="button"
              class="btn-ghost btn-sm"
              disabled={live.unread() === 0}
              onClick={async () => settle(await markAllRead())}
            >
              סימון הכל כנקרא
            </button>
          </header>
          <Show
            when={list()?.notifications.length}
            fallback={<p class="px-4 py-6 text-center text-sm text-slate-500">אין התראות.</p>}
          >
            <ul class="max-h-96 divide-y divide-slate-100 overflow-y-auto">
              <For each={list()?.notifications}>
                {(n) => (
                  <li class={n.readAt ? '' : 'bg-brand-50/60'}>
                    <A
                      href={n.link ?? '#'}
                      class="focusable block px-4 py-3 text-sm hover:bg-slate-50"
                      onClick={() => void openOne(n)}
                    >
                      <span class="block font-medium text-slate-900">{n.title}</span>
                      <Show when={n.body}>
                        <span class="block text-slate-600">{n.body}</span>
                      </Show>
                      <time class="mt-0.5 block text-xs text-slate-400" datetime={n.createdAt}>
                        {timeFormat.format(new Date(n.createdAt))}
                      </time>
                    </A>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </section>
      </Show>
    </div>
  );
}
