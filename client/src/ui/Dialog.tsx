import { createEffect, type ParentProps, Show } from 'solid-js';

/**
 * A modal <dialog> (native focus trap, Escape, inert page behind). Shown while `open`;
 * `onClose` runs on Escape and is the caller's cue to set `open` false.
 */
export function Dialog(props: ParentProps<{ open: boolean; onClose: () => void; labelledBy: string }>) {
  let dialog: HTMLDialogElement | undefined;
  createEffect(() => {
    if (props.open && !dialog?.open) dialog?.showModal();
    if (!props.open && dialog?.open) dialog.close();
  });
  return (
    <dialog
      ref={dialog}
      aria-labelledby={props.labelledBy}
      class="w-full max-w-lg rounded-xl border border-slate-200 bg-white shadow-xl"
      onCancel={(event) => {
        event.preventDefault();
        props.onClose();
      }}
    >
      <Show when={props.open}>{props.children}</Show>
    </dialog>
  );
}
