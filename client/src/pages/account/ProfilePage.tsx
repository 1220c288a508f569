import { useMe } from '../../auth';
import { ROLE_LABEL } from '../../labels';
import { FormAlert, PageHeader } from '../../ui/common';
import { Field } from '../../ui/Field';
import { toast } from '../../ui/toast';
import { createUnsavedGuard } from '../../ui/unsaved';
import { changePassword, saveName } from './data';
import { PasswordField } from './PasswordField';
import { createAccountSubmit } from './submit';

/** The signed-in person's own account: their name, and their password (the current one first). */
export default function ProfilePage() {
  const me = useMe();
  return (
    <div class="space-y-6">
      <PageHeader title="הפרופיל שלי" description={`${ROLE_LABEL[me().role]} · ${me().email}`} />
      <NameForm />
      <PasswordForm />
    </div>
  );
}

function NameForm() {
  const me = useMe();
  const guard = createUnsavedGuard();
  const { errors, pending, run } = createAccountSubmit();
  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    await run(async () => {
      await saveName(String(new FormData(form).get('name') ?? ''));
      guard.saved();
      toast('השם נשמר');
    });
  }
  return (
    <form
      ref={guard.track}
      onSubmit={onSubmit}
      class="card max-w-lg space-y-5 p-6"
      aria-labelledby="profile-name"
      novalidate
    >
      <h2 id="profile-name" class="text-base font-semibold text-slate-900">
        פרטים
      </h2>
      <FormAlert message={errors().alert} />
      <Field
        label="שם"
        name="name"
        id="profile-name-input"
        value={me().name}
        required
        maxLength={200}
        error={errors().fields.name}
      />
      <button type="submit" class="btn-primary" disabled={pending()}>
        {pending() ? 'שומרים…' : 'שמירה'}
      </button>
    </form>
  );
}

function PasswordForm() {
  const me = useMe();
  const { errors, setErrors, pending, run } = createAccountSubmit();
  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const next = String(data.get('newPassword') ?? '');
    if (next !== String(data.get('confirmPassword') ?? '')) {
      setErrors({ fields: { confirmPassword: 'הסיסמאות אינן זהות.' } });
      return;
    }
    await run(async () => {
      await changePassword(String(data.get('currentPassword') ?? ''), next);
      form.reset();
      toast('הסיסמה הוחלפה. החיבורים במכשירים אחרים נותקו.');
    });
  }
  return (
    <form
      onSubmit={onSubmit}
      class="card max-w-lg space-y-5 p-6"
      aria-labelledby="profile-password"
      novalidate
    >
      <div>
        <h2 id="profile-password" class="text-base font-semibold text-slate-900">
          החלפת סיסמה
        </h2>
        <p class="mt-1 text-sm text-slate-500">
          לפחות 10 תווים. אחרי ההחלפה, כל החיבורים האחרים לחשבון ינותקו.
        </p>
      </div>
      <FormAlert message={errors().alert} />
      {/* Lets password managers file the new password under the right account. */}
      <input type="hidden" name="username" autocomplete="username" value={me().email} />
      <PasswordField
        label="סיסמה נוכחית"
        name="currentPassword"
        id="current-password"
        autocomplete="current-password"
        errors={errors().fields}
      />
      <PasswordField
        label="סיסמה חדשה"
        name="newPassword"
        id="new-password"
        autocomplete="new-password"
        errors={errors().fields}
      />
      <PasswordField
        label="אימות הסיסמה החדשה"
        name="confirmPassword"
        id="confirm-password"
        autocomplete="new-password"
        errors={errors().fields}
      />
      <button type="submit" class="btn-primary" disabled={pending()}>
        {pending() ? 'מחליפים…' : 'החלפת הסיסמה'}
      </button>
    </form>
  );
}
