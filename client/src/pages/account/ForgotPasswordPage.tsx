import { A } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { AuthFrame } from '../../layout/AuthFrame';
import { FormAlert } from '../../ui/common';
import { Field } from '../../ui/Field';
import { requestReset } from './data';
import { createAccountSubmit } from './submit';

/** Asks for a reset link. The answer is the same whether or not the address has an account. */
export default function ForgotPasswordPage() {
  const [sent, setSent] = createSignal(false);
  const { errors, setErrors, pending, run } = createAccountSubmit();
  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget as HTMLFormElement).get('email') ?? '').trim();
    if (!email) {
      setErrors({ fields: { email: 'יש למלא אימייל.' } });
      return;
    }
    await run(async () => {
      await requestReset(email);
      setSent(true);
    });
  }
  return (
    <AuthFrame title="שכחתי את הסיסמה" subtitle="נשלח קישור לבחירת סיסמה חדשה">
      <Show
        when={!sent()}
        fallback={
          <div class="card space-y-4 p-6" role="status">
            <p class="text-sm text-slate-700">
              אם הכתובת רשומה במערכת, נשלח אליה קישור לאיפוס הסיסמה. הקישור תקף ל-30 דקות ולשימוש אחד.
            </p>
            <A href="/login" class="btn-secondary w-full justify-center">
              חזרה לכניסה
            </A>
          </div>
        }
      >
        <form onSubmit={onSubmit} class="card space-y-5 p-6" novalidate>
          <FormAlert message={errors().alert} />
          <Field
            label="אימייל"
            name="email"
            type="email"
            dir="ltr"
            autocomplete="username"
            required
            autofocus
            error={errors().fields.email}
          />
          <button type="submit" class="btn-primary w-full py-2.5" disabled={pending()}>
            {pending() ? 'שולחים…' : 'שליחת קישור'}
          </button>
          <p class="text-center text-sm">
            <A href="/login" class="text-brand-700 hover:underline">
              חזרה לכניסה
            </A>
          </p>
        </form>
      </Show>
    </AuthFrame>
  );
}
