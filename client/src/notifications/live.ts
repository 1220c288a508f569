import { createSignal, onCleanup } from 'solid-js';
import type { AppNotification } from './data';

type Listener = (notification: AppNotification) => void;
const listeners = new Set<Listener>();

/**
 * Lets a page merge what the one stream brings into its own data (the task board reloads
 * on a task notification) without a second connection. Must be called inside a component.
 */
export function onLiveNotification(listener: Listener) {
  listeners.add(listener);
  onCleanup(() => listeners.delete(listener));
}

/**
 * The unread count, kept live by the server's event stream (GET /api/notifications/stream,
 * authenticated by the session cookie). The browser's EventSource reconnects by itself
 * after a drop or the server's periodic close, and each connection starts with the count.
 * Must be called inside a component: the stream closes with it.
 */
export function createLiveNotifications() {
  const [unread, setUnread] = createSignal(0);
  const [latest, setLatest] = createSignal<AppNotification>();
  const [connected, setConnected] = createSignal(false);
  const source = new EventSource('/api/notifications/stream');
  source.addEventListener('unread', (event) => {
    setUnread((JSON.parse(event.data) as { unread: number }).unread);
    setConnected(true);
  });
  source.addEventListener('error', () => setConnected(false));
  source.addEventListener('notification', (event) => {
    const { notification } = JSON.parse(event.data) as { notification: AppNotification };
    setUnread((n) => n + 1);
    setLatest(notification);
    for (const listener of listeners) listener(notification);
  });
  onCleanup(() => source.close());
  return { unread, setUnread, latest, connected };
}
