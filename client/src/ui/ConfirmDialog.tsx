import { type ParentProps, Show } from 'solid-js';
import { Dialog } from './Dialog';

/**
 * A yes/no question in a modal (Escape and the cancel button both say no). Open while
 * `open`; `onConfirm` runs the change, and the caller closes the dialog when it is done.
 * `id` names the dialog's title, so two confirmations on one page do not collide.
 */
export function ConfirmDialog(
  props: ParentProps<{
    id: string;
    open: boolean;
    title: string;
    confirmLabel: string;
    pendingLabel?: string;
    pending?: boolean;
    danger?: boolean;
    error?: string;
    onConfirm: () => void;
    onCancel: () => void;
  }>,
) {
  return (
    <Dialog open={props.open} onClose={props.onCancel} labelledBy={`${props.id}-title`}>
      <div class="space-y-4 p-6">
        <h2 id={`${props.id}-title`} class="text-base font-semibold text-slate-900">
          {props.title}
        </h2>
        <div class="text-sm text-slate-600">{props.children}</div>
        <Show when={props.error}>
          <p role="alert" class="rounded-lg bg-red-50 px-3 py-2.5 text-sm text-red-700">
            {props.error}
          </p>
        </Show>
        <div class="flex justify-end gap-2 pt-2">
          <button type="button" class="btn-secondary" onClick={() => props.onCancel()}>
            ביטול
          </button>
          <button
            type="button"
            class={props.danger ? 'btn-danger' : 'btn-primary'}
            disabled={props.pending}
            onClick={() => props.onConfirm()}
          >
            {props.pending ? (props.pendingLabel ?? props.confirmLabel) : props.confirmLabel}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
