import { createSignal, For, Show } from 'solid-js';
import { errorMessage } from '../../errors';
import { FormAlert } from '../../ui/common';
import { Field, TextAreaField } from '../../ui/Field';
import type { FaqInput, FaqView } from './data';
import { faqFromForm } from './faq-form';
import { CHANNEL_LABEL, CHANNELS } from './labels';
import { assistantError, faqErrors } from './messages';

/**
 * The fields of one FAQ entry, for adding a new one (`initial` absent: both channels
 * checked, cleared after saving) and for editing an existing one.
 */
export function FaqForm(props: {
  idPrefix: string;
  initial?: FaqView;
  /** A question to start a new entry from (the try box's "add as a new question"). */
  draftQuestion?: string;
  submitLabel: string;
  pendingLabel: string;
  onSubmit: (input: FaqInput) => Promise<unknown>;
  onCancel?: () => void;
}) {
  const [error, setError] = createSignal<unknown>();
  const [pending, setPending] = createSignal(false);
  const errors = () => faqErrors(error());
  const alert = () => {
    const failure = error();
    if (!failure) return undefined;
    return Object.keys(errors()).length ? errorMessage(failure) : assistantError(failure);
  };

  /** Empties a new-entry form for the next one; every channel checked again, as at first. */
  function startOver(form: HTMLFormElement) {
    for (const field of form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(
      '[name=question], [name=answer]',
    ))
      field.value = '';
    for (const box of form.querySelectorAll<HTMLInputElement>('[name=channels]')) box.checked = true;
  }

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    setError(undefined);
    setPending(true);
    try {
      await props.onSubmit(faqFromForm(new FormData(form)));
      if (!props.initial) startOver(form);
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} class="space-y-4" novalidate>
      <FormAlert message={alert()} />
      <Field
        id={`${props.idPrefix}-question`}
        label="שאלה"
        name="question"
        maxLength={500}
        required
        value={props.initial?.question ?? props.draftQuestion ?? ''}
        error={errors().question}
      />
      <TextAreaField
        id={`${props.idPrefix}-answer`}
        label="תשובה"
        name="answer"
        maxLength={2000}
        required
        value={props.initial?.answer ?? ''}
        error={errors().answer}
      />
      <fieldset aria-describedby={errors().channels ? `${props.idPrefix}-channels-error` : undefined}>
        <legend class="label">ערוצים</legend>
        <div class="flex flex-wrap gap-x-6 gap-y-2">
          <For each={CHANNELS}>
            {(channel) => (
              <label class="flex items-center gap-2 text-sm text-slate-700">
                <input
                  type="checkbox"
                  name="channels"
                  value={channel}
                  checked={props.initial ? props.initial.channels.includes(channel) : true}
                  class="h-4 w-4 accent-brand-600"
                />
                {CHANNEL_LABEL[channel]}
              </label>
            )}
          </For>
        </div>
        <Show when={errors().channels}>
          <p id={`${props.idPrefix}-channels-error`} class="field-error">
            {errors().channels}
          </p>
        </Show>
      </fieldset>
      <div class="flex items-center gap-2">
        <button type="submit" class="btn-primary" disabled={pending()}>
          {pending() ? props.pendingLabel : props.submitLabel}
        </button>
        <Show when={props.onCancel}>
          {(cancel) => (
            <button type="button" class="btn-secondary" onClick={() => cancel()()}>
              ביטול
            </button>
          )}
        </Show>
      </div>
    </form>
  );
}
