import { createSignal, For } from 'solid-js';

/**
 * Short confirmations ("ההגדרות נשמרו") shown once, in one live region at the bottom of the
 * screen, and gone after a few seconds: a message never lingers past the state it describes
 * (a rollback after a save does not keep saying "saved version 1").
 */
interface Toast {
  id: number;
  message: string;
}
const [toasts, setToasts] = createSignal<Toast[]>([]);
let next = 0;
const SHOWN_MS = 5_000;

export function toast(message: string) {
  const id = ++next;
  setToasts((all) => [...all.filter((t) => t.message !== message), { id, message }]);
  setTimeout(() => setToasts((all) => all.filter((t) => t.id !== id)), SHOWN_MS);
}

/** Mounted once, in the shell. */
export function Toaster() {
  return (
    <div
      role="status"
      aria-live="polite"
      class="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex flex-col items-center gap-2 px-4"
    >
      <For each={toasts()}>
        {(t) => (
          <p class="pointer-events-auto rounded-lg bg-slate-900 px-4 py-2.5 text-sm text-white shadow-lg">
            {t.message}
          </p>
        )}
      </For>
    </div>
  );
}
