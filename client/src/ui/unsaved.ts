import { useBeforeLeave } from '@solidjs/router';
import { createSignal, onCleanup } from 'solid-js';

const QUESTION = 'יש שינויים שלא נשמרו. לעזוב את העמוד בלי לשמור?';

/**
 * Guards a settings form: once anything in it is edited, leaving the page (a link, the
 * back button, closing the tab) asks first. `saved()` after a successful save clears it.
 * Any input or change event inside the form counts, so no form has to describe its state.
 */
export function createUnsavedGuard() {
  const [dirty, setDirty] = createSignal(false);
  const mark = () => setDirty(true);
  useBeforeLeave((event) => {
    if (!dirty() || event.defaultPrevented) return;
    event.preventDefault();
    if (window.confirm(QUESTION)) {
      setDirty(false);
      event.retry(true);
    }
  });
  const onUnload = (event: BeforeUnloadEvent) => {
    if (dirty()) event.preventDefault();
  };
  window.addEventListener('beforeunload', onUnload);
  onCleanup(() => window.removeEventListener('beforeunload', onUnload));
  return {
    dirty,
    /** Pass as the form's ref. */
    track(form: HTMLFormElement) {
      form.addEventListener('input', mark);
      form.addEventListener('change', mark);
    },
    saved: () => setDirty(false),
  };
}
