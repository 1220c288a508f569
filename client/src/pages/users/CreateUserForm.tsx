import { useAction, useSubmission } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { canGrant, ROLES } from '../../../../server/auth/permissions';
import { useMe } from '../../auth';
import { errorMessage, fieldErrors } from '../../errors';
import { ROLE_LABEL } from '../../labels';
import { CreateForm } from '../../ui/CreateForm';
import { Field } from '../../ui/Field';
import { createUser } from './data';

const HINTS = {
  email: 'יש להזין כתובת אימייל תקינה.',
  name: 'יש להזין שם.',
  password: 'הסיסמה אינה עומדת בדרישות.',
  role: 'התפקיד שנבחר אינו זמין.',
};

const MESSAGES = { conflict: 'כבר קיים משתמש עם כתובת האימייל הזו.' };

/** Creates a user in `businessId`; offers only the roles the signed-in user may grant. */
export function CreateUserForm(props: { businessId: string | undefined; onDone: () => void }) {
  const me = useMe();
  const create = useAction(createUser);
  const submission = useSubmission(createUser);
  // A business's users hold business roles; system admins are not made inside a business.
  const grantable = () => ROLES.filter((role) => role !== 'system_admin' && canGrant(me().role, role));
  const errors = () => fieldErrors(submission.error, HINTS);
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
    close();
  }

  return (
    <CreateForm
      titleId="create-user-title"
      title="משתמש חדש"
      alert={submission.error ? errorMessage(submission.error, MESSAGES) : undefined}
      pending={submission.pending}
      submitLabel="יצירת המשתמש"
      pendingLabel="יוצרים…"
      onSubmit={onSubmit}
      onCancel={close}
    >
      <Show when={props.businessId}>{(id) => <input type="hidden" name="businessId" value={id()} />}</Show>
      <div class="grid gap-5 md:grid-cols-2">
        <Field label="שם מלא" name="name" required autocomplete="off" error={errors().name} />
        <Field
          label="אימייל"
          name="email"
          type="email"
          dir="ltr"
          required
          autocomplete="off"
          error={errors().email}
        />
        <Field
          label="סיסמה ראשונית"
          name="password"
          type="password"
          dir="ltr"
          required
          autocomplete="new-password"
          error={errors().password}
          hint="המשתמש יוכל להחליף אותה אחרי הכניסה."
        />
        <div>
          <label for="new-user-role" class="label">
            תפקיד
          </label>
          <select
            id="new-user-role"
            name="role"
            class="input"
            aria-invalid={errors().role ? 'true' : undefined}
          >
            <For each={grantable()}>
              {(role) => (
                <option value={role} selected={role === 'agent'}>
                  {ROLE_LABEL[role]}
                </option>
              )}
            </For>
          </select>
          <Show when={errors().role}>
            <p class="field-error">{errors().role}</p>
          </Show>
        </div>
      </div>
    </CreateForm>
  );
}
