import type { JSX } from 'solid-js';
import { FormAlert } from './common';

/**
 * The frame every "new …" form shares: a card titled for screen readers, the error alert, the
 * fields, and the submit and cancel buttons (the submit says it is working while pending).
 */
export function CreateForm(props: {
  /** The title's element id (the form is labelled by it). */
  titleId: string;
  title: string;
  alert?: string;
  pending?: boolean;
  submitLabel: string;
  pendingLabel: string;
  onSubmit: (event: SubmitEvent) => void;
  onCancel: () => void;
  children: JSX.Element;
}) {
  return (
    <form
      onSubmit={(e) => props.onSubmit(e)}
      class="card mb-6 space-y-5 p-6"
      aria-labelledby={props.titleId}
      novalidate
    >
      <h2 id={props.titleId} class="text-base font-semibold text-slate-900">
        {props.title}
      </h2>
      <FormAlert message={props.alert} />
      {props.children}
      <div class="flex gap-2 border-t border-slate-100 pt-5">
        <button type="submit" class="btn-primary" disabled={props.pending}>
          {props.pending ? props.pendingLabel : props.submitLabel}
        </button>
        <button type="button" class="btn-secondary" onClick={() => props.onCancel()}>
          ביטול
        </button>
      </div>
    </form>
  );
}
