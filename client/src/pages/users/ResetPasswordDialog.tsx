import { useAction, useSubmission } from '@solidjs/router';
import { createEffect } from 'solid-js';
import { errorMessage, fieldErrors } from '../../errors';
import type { User } from '../../types';
import { FormAlert } from '../../ui/common';
import { Field } from '../../ui/Field';
import { updateUser } from './data';

/**
 * A modal <dialog> (native focus trap and Escape) that sets a new password for `user`.
 * Opens whenever `user` is set; `onClose` runs on cancel, Escape and success.
 */
export function ResetPasswordDialog(props: { user: User | undefined; onClose: (saved: boolean) => void }) {
  let dialog: HTMLDialogElement | undefined;
  const update = useAction(updateUser);
  const submission = useSubmission(
    updateUser,
    (input) => input[0] === props.user?.id && 'password' in input[1],
  );
  const errors = () => fieldErrors(submission.error, { password: 'הסיסמה אינה עומדת בדרישות.' });

  createEffect(() => {
    if (props.user && !dialog?.open) dialog?.showModal();
    if (!props.user && dialog?.open) dialog.close();
  });

  function finish(saved: boolean) {
    submission.clear?.();
    props.onClose(saved);
  }

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const user = props.user;
    if (!user) return;
    const password = String(new FormData(form).get('password') ?? '');
    try {
      await update(user.id, { password });
    } catch {
      return; // shown through submission.error
    }
    form.reset();
    finish(true);
  }

  return (
    <dialog
      ref={dialog}
      aria-labelledby="reset-password-title"
      class="w-full max-w-md rounded-xl border border-slate-200 bg-white shadow-xl"
      onCancel={(event) => {
        event.preventDefault();
        finish(false);
      }}
    >
      <form onSubmit={onSubmit} class="space-y-5 p-6" novalidate>
        <div>
          <h2 id="reset-password-title" class="text-base font-semibold text-slate-900">
            איפוס סיסמה
          </h2>
          <p class="mt-1 text-sm text-slate-500">
            סיסמה חדשה עבור {props.user?.name} (<span dir="ltr">{props.user?.email}</span>).
          </p>
        </div>
        <FormAlert message={submission.error ? errorMessage(submission.error) : undefined} />
        {/* Lets password managers file the new password under the right account. */}
        <input type="hidden" name="username" autocomplete="username" value={props.user?.email ?? ''} />
        <Field
          label="סיסמה חדשה"
          name="password"
          id="reset-password"
          type="password"
          dir="ltr"
          autocomplete="new-password"
          required
          error={errors().password}
        />
        <div class="flex gap-2">
          <button type="submit" class="btn-primary" disabled={submission.pending}>
            {submission.pending ? 'שומרים…' : 'שמירת הסיסמה'}
          </button>
          <button type="button" class="btn-secondary" onClick={() => finish(false)}>
            ביטול
          </button>
        </div>
      </form>
    </dialog>
  );
}
