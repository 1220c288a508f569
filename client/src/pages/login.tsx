import { Navigate, useSubmission } from '@solidjs/router';
import { Show } from 'solid-js';
import { HOME_PAGE } from '../../../server/auth/permissions';
import { login, useSession } from '../auth';
import { errorMessage } from '../errors';
import { FormAlert } from '../ui/common';
import { Field } from '../ui/Field';

/** Public sign-in page; a signed-in visitor (or one who just signed in) goes to their home page. */
export default function LoginPage() {
  const session = useSession();
  return (
    <Show when={session()} fallback={<LoginForm />}>
      {(current) => <Navigate href={HOME_PAGE[current().user.role]} />}
    </Show>
  );
}

function LoginForm() {
  const submission = useSubmission(login);
  const error = () => (submission.error ? errorMessage(submission.error) : undefined);
  return (
    <main class="flex min-h-screen items-center justify-center bg-slate-50 px-4 py-12">
      <div class="w-full max-w-sm">
        <div class="mb-8 flex flex-col items-center text-center">
          <span
            class="mb-4 flex h-11 w-11 items-center justify-center rounded-xl bg-brand-600 text-lg font-bold text-white"
            aria-hidden="true"
          >
            P
          </span>
          <h1 class="text-xl font-semibold tracking-tight text-slate-900">כניסה ל-ProSaaS</h1>
          <p class="mt-1 text-sm text-slate-500">התחברו כדי לנהל את העוזר הקולי של העסק</p>
        </div>
        <form action={login} method="post" class="card space-y-5 p-6" aria-describedby="login-error">
          <div id="login-error">
            <FormAlert message={error()} />
          </div>
          <Field
            label="אימייל"
            name="email"
            type="email"
            dir="ltr"
            autocomplete="username"
            required
            autofocus
          />
          <Field
            label="סיסמה"
            name="password"
            type="password"
            dir="ltr"
            autocomplete="current-password"
            required
          />
          <button type="submit" class="btn-primary w-full py-2.5" disabled={submission.pending}>
            {submission.pending ? 'מתחברים…' : 'התחברות'}
          </button>
        </form>
      </div>
    </main>
  );
}
