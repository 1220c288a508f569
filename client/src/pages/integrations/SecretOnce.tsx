import { createSignal } from 'solid-js';
import { Ltr } from '../../ui/Ltr';

/** A secret shown once, right after it was made, with a copy button and a warning. */
export function SecretOnce(props: { label: string; value: string; onDone: () => void }) {
  const [copied, setCopied] = createSignal(false);
  return (
    <div
      role="status"
      class="rounded-lg bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-inset ring-amber-600/20"
    >
      <p class="font-medium">{props.label}</p>
      <p class="mt-1">שמרו אותו עכשיו: הוא לא יוצג שוב.</p>
      <p class="mt-2 break-all rounded bg-white px-3 py-2 font-mono text-xs text-slate-900 ring-1 ring-slate-200">
        <Ltr>
          <span data-secret>{props.value}</span>
        </Ltr>
      </p>
      <div class="mt-3 flex gap-2">
        <button
          type="button"
          class="btn-secondary btn-sm"
          onClick={() =>
            navigator.clipboard?.writeText(props.value).then(
              () => setCopied(true),
              () => {},
            )
          }
        >
          {copied() ? 'הועתק' : 'העתקה'}
        </button>
        <button type="button" class="btn-ghost btn-sm" onClick={() => props.onDone()}>
          שמרתי, אפשר להסתיר
        </button>
      </div>
    </div>
  );
}
