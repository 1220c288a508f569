import { useAction, useSubmission } from '@solidjs/router';
import { errorMessage, fieldErrors } from '../../errors';
import { text } from '../../forms';
import { CreateForm } from '../../ui/CreateForm';
import { Field } from '../../ui/Field';
import { createLead, type Lead } from './data';

const HINTS = {
  phone: 'יש להזין מספר טלפון תקין.',
  name: 'השם ארוך מדי.',
  email: 'יש להזין כתובת אימייל תקינה.',
};

/** Adds a lead by hand. A phone the business already knows opens that person's lead. */
export function CreateLeadForm(props: {
  businessId: string | undefined;
  onDone: (result?: { lead: Lead; created: boolean }) => void;
}) {
  const create = useAction(createLead);
  const submission = useSubmission(createLead);
  const errors = () => fieldErrors(submission.error, HINTS);
  const close = (result?: { lead: Lead; created: boolean }) => {
    submission.clear?.();
    props.onDone(result);
  };

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const name = text(form, 'name');
    const email = text(form, 'email');
    try {
      close(
        await create(props.businessId, {
          phone: text(form, 'phone'),
          ...(name ? { name } : {}),
          ...(email ? { email } : {}),
        }),
      );
    } catch {
      // shown through submission.error
    }
  }

  return (
    <CreateForm
      titleId="create-lead-title"
      title="ליד חדש"
      alert={submission.error ? errorMessage(submission.error) : undefined}
      pending={submission.pending}
      submitLabel="הוספת הליד"
      pendingLabel="שומרים…"
      onSubmit={onSubmit}
      onCancel={() => close()}
    >
      <div class="grid gap-5 md:grid-cols-3">
        <Field label="שם" name="name" id="lead-name" autocomplete="off" error={errors().name} />
        <Field
          label="טלפון"
          name="phone"
          id="lead-phone"
          type="tel"
          dir="ltr"
          inputmode="tel"
          autocomplete="off"
          required
          error={errors().phone}
        />
        <Field
          label="אימייל"
          name="email"
          id="lead-email"
          type="email"
          dir="ltr"
          autocomplete="off"
          error={errors().email}
        />
      </div>
    </CreateForm>
  );
}
