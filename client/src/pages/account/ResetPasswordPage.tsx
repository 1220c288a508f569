import { A } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { AuthFrame } from '../../layout/AuthFrame';
import { FormAlert } from '../../ui/common';
import { resetPassword } from './data';
import { tokenFromHash } from './messages';
import { PasswordField } from './PasswordField';
import { createAccountSubmit } from './submit';

/**
 * Where a reset link lands: `/reset-password#token=…`. The token is in the fragment, which the
 * browser never sends anywhere (no server log, no Referer); it is read once and cleared from
 * the address bar.
 */
export default function ResetPasswordPage() {
  const token = tokenFromHash(window.location.hash);
  if (window.location.hash) history.replaceState(null, '', window.location.pathname);
  const [done, setDone] = createSignal(false);
  const { errors, setErrors, pending, run } = createAccountSubmit(
    token ? { fields: {} } : { alert: 'הקישור חסר או פגום. בקשו קישור חדש.', fields: {} },
  );
  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const password = String(data.get('password') ?? '');
    if (password !== String(data.get('confirmPassword') ?? '')) {
      setErrors({ fields: { confirmPassword: 'הסיסמאות אינן זהות.' } });
      return;
    }
    if (!token) return;
    await run(async () => {
      await resetPassword(token, password);
      setDone(true);
    });
  }
  return (
    <AuthFrame title="בחירת סיסמה חדשה" subtitle="לפחות 10 תווים, שקשה לנחש">
      <Show
        when={!done()}
        fallback={
          <div class="card space-y-4 p-6" role="status">
            <p class="text-sm text-slate-700">הסיסמה נקבעה. אפשר להתחבר עם הסיסמה החדשה.</p>
            <A href="/login" class="btn-primary w-full justify-center">
              לכניסה
            </A>
          </div>
        }
      >
        <form onSubmit={onSubmit} class="card space-y-5 p-6" novalidate>
          <FormAlert message={errors().alert} />
          <PasswordField
            label="סיסמה חדשה"
            name="password"
            id="reset-new-password"
            autocomplete="new-password"
            errors={errors().fields}
            disabled={!token}
          />
          <PasswordField
            label="אימות הסיסמה"
            name="confirmPassword"
            id="reset-confirm-password"
            autocomplete="new-password"
            errors={errors().fields}
            disabled={!token}
          />
          <button type="submit" class="btn-primary w-full py-2.5" disabled={pending() || !token}>
            {pending() ? 'שומרים…' : 'קביעת הסיסמה'}
          </button>
          <p class="text-center text-sm">
            <A href="/forgot-password" class="text-brand-700 hover:underline">
              בקשת קישור חדש
            </A>
          </p>
        </form>
      </Show>
    </AuthFrame>
  );
}
