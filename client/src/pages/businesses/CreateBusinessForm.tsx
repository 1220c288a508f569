import { useAction, useSubmission } from '@solidjs/router';
import { createSignal, For, Index, Show } from 'solid-js';
import { errorMessage, fieldErrors } from '../../errors';
import { FormAlert } from '../../ui/common';
import { Field } from '../../ui/Field';
import { Icon } from '../../ui/Icon';
import { createBusiness } from './data';

const HINTS = {
  name: 'יש להזין שם לעסק.',
  phoneNumbers: 'יש להזין לפחות מספר טלפון תקין אחד.',
  timezone: 'אזור הזמן שנבחר אינו מוכר.',
};

const MESSAGES = { conflict: 'אחד ממספרי הטלפון כבר משויך לעסק אחר.' };

const DEFAULT_TIMEZONE = 'Asia/Jerusalem';
const TIMEZONES = Intl.supportedValuesOf('timeZone');

/** Creates a business with one or more phone numbers; resets itself after success. */
export function CreateBusinessForm(props: { onDone: () => void }) {
  const create = useAction(createBusiness);
  const submission = useSubmission(createBusiness);
  let nextRow = 1;
  const [rows, setRows] = createSignal<number[]>([0]);
  const errors = () => fieldErrors(submission.error, HINTS);
  const formError = () => (submission.error ? errorMessage(submission.error, MESSAGES) : undefined);
  const close = () => {
    submission.clear?.();
    props.onDone();
  };

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    try {
      await create(new FormData(form));
    } catch {
      return; // shown through submission.error
    }
    form.reset();
    setRows([nextRow++]);
    close();
  }

  return (
    <form
      onSubmit={onSubmit}
      class="card mb-6 space-y-5 p-6"
      aria-labelledby="create-business-title"
      novalidate
    >
      <h2 id="create-business-title" class="text-base font-semibold text-slate-900">
        עסק חדש
      </h2>
      <FormAlert message={formError()} />
      <div class="grid gap-5 md:grid-cols-2">
        <Field label="שם העסק" name="name" required error={errors().name} autocomplete="organization" />
        <div>
          <label for="business-timezone" class="label">
            אזור זמן
          </label>
          <select id="business-timezone" name="timezone" class="input" dir="ltr">
            <For each={TIMEZONES}>
              {(zone) => (
                <option value={zone} selected={zone === DEFAULT_TIMEZONE}>
                  {zone}
                </option>
              )}
            </For>
          </select>
        </div>
      </div>

      <fieldset
        class="space-y-2.5"
        aria-describedby={errors().phoneNumbers ? 'phone-numbers-error' : undefined}
      >
        <legend class="label">מספרי טלפון</legend>
        <Index each={rows()}>
          {(row, index) => (
            <div class="flex items-center gap-2">
              <label for={`phone-${row()}`} class="sr-only">
                {`מספר טלפון ${index + 1}`}
              </label>
              <input
                id={`phone-${row()}`}
                name="phoneNumbers"
                type="tel"
                dir="ltr"
                inputmode="tel"
                autocomplete="off"
                placeholder="03-1234567"
                class="input max-w-xs text-end"
                aria-invalid={errors().phoneNumbers ? 'true' : undefined}
              />
              <Show when={rows().length > 1}>
                <button
                  type="button"
                  class="btn-ghost btn-sm"
                  aria-label={`הסרת מספר טלפון ${index + 1}`}
                  onClick={() => setRows((all) => all.filter((id) => id !== row()))}
                >
                  <Icon name="close" />
                </button>
              </Show>
            </div>
          )}
        </Index>
        <Show when={errors().phoneNumbers}>
          <p id="phone-numbers-error" class="field-error">
            {errors().phoneNumbers}
          </p>
        </Show>
        <button type="button" class="btn-ghost btn-sm" onClick={() => setRows((all) => [...all, nextRow++])}>
          <Icon name="plus" />
          הוספת מספר
        </button>
        <p class="text-xs text-slate-500">
          אפשר להזין בפורמט ישראלי (03-1234567) או בינלאומי (<span dir="ltr">+972…</span>).
        </p>
      </fieldset>

      <div class="flex gap-2 border-t border-slate-100 pt-5">
        <button type="submit" class="btn-primary" disabled={submission.pending}>
          {submission.pending ? 'יוצרים…' : 'יצירת העסק'}
        </button>
        <button type="button" class="btn-secondary" onClick={close}>
          ביטול
        </button>
      </div>
    </form>
  );
}
