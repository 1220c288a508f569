import { useAction, useSubmission } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { errorMessage, fieldErrors } from '../../errors';
import { text } from '../../forms';
import { FormAlert } from '../../ui/common';
import { Field } from '../../ui/Field';
import { Phone } from '../../ui/Ltr';
import { type Lead, updateLead } from './data';

const HINTS = { name: 'השם ארוך מדי.', email: 'יש להזין כתובת אימייל תקינה.' };

/** Edits the name and email; the phone is the lead's identity and is changed by merging. */
export function LeadDetailsForm(props: { businessId: string | undefined; lead: Lead; canWrite: boolean }) {
  const save = useAction(updateLead);
  const submission = useSubmission(updateLead, (input) => input[1] === props.lead.id && 'name' in input[2]);
  const [saved, setSaved] = createSignal(false);
  const errors = () => fieldErrors(submission.error, HINTS);

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setSaved(false);
    try {
      await save(props.businessId, props.lead.id, {
        name: text(form, 'name') || null,
        email: text(form, 'email') || null,
      });
      setSaved(true);
    } catch {
      // shown through submission.error
    }
  }

  return (
    <form onSubmit={onSubmit} class="space-y-4" aria-labelledby="lead-details-title" novalidate>
      <h2 id="lead-details-title" class="text-sm font-semibold text-slate-900">
        פרטים
      </h2>
      <FormAlert message={submission.error ? errorMessage(submission.error) : undefined} />
      <Field
        label="שם"
        name="name"
        id="lead-detail-name"
        value={props.lead.name ?? ''}
        disabled={!props.canWrite}
        error={errors().name}
        autocomplete="off"
      />
      <div>
        <p class="label">טלפון</p>
        <p class="text-sm text-slate-900">
          <Phone e164={props.lead.phone} links />
        </p>
      </div>
      <Field
        label="אימייל"
        name="email"
        id="lead-detail-email"
        type="email"
        dir="ltr"
        value={props.lead.email ?? ''}
        disabled={!props.canWrite}
        error={errors().email}
        autocomplete="off"
      />
      <Show when={props.canWrite}>
        <div class="flex items-center gap-3">
          <button type="submit" class="btn-secondary btn-sm" disabled={submission.pending}>
            {submission.pending ? 'שומרים…' : 'שמירת הפרטים'}
          </button>
          <Show when={saved() && !submission.pending}>
            <span role="status" class="text-xs text-emerald-700">
              נשמר.
            </span>
          </Show>
        </div>
      </Show>
    </form>
  );
}
