import { A, createAsync, Navigate, useSubmission } from '@solidjs/router';
import { Show } from 'solid-js';
import { HOME_PAGE } from '../../../server/auth/permissions';
import { login, useSession } from '../auth';
import { errorMessage } from '../errors';
import { AuthFrame } from '../layout/AuthFrame';
import { FormAlert } from '../ui/common';
import { Field } from '../ui/Field';
import { resetOffered } from './account/data';

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
  const offered = createAsync(() => resetOffered());
  const error = () => (submission.error ? errorMessage(submission.error) : undefined);
  return (
    <AuthFrame title="כניסה ל-ProSaaS" subtitle="התחברו כדי לנהל את העוזר הקולי של העסק">
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
        <Show when={offered()}>
          <p class="text-center text-sm">
            <A href="/forgot-password" class="text-brand-700 hover:underline">
              שכחתי את הסיסמה
            </A>
          </p>
        </Show>
      </form>
    </AuthFrame>
  );
}
