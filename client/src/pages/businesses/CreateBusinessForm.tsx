import { useAction, useSubmission } from '@solidjs/router';
import { createSignal, For, Index, Show } from 'solid-js';
import { ApiError } from '../../api';
import { errorMessage, fieldErrors } from '../../errors';
import { CreateForm } from '../../ui/CreateForm';
import { Field } from '../../ui/Field';
import { Icon } from '../../ui/Icon';
import { toast } from '../../ui/toast';
import { createBusiness, type OwnerInvitation } from './data';

const HINTS = {
  name: 'יש להזין שם לעסק.',
  owner: 'יש להזין שם ואימייל תקין לבעלים, או להשאיר את שניהם ריקים.',
  phoneNumbers: 'יש להזין לפחות מספר טלפון תקין אחד.',
  timezone: 'אזור הזמן שנבחר אינו מוכר.',
};

const MESSAGES = { conflict: 'אחד ממספרי הטלפון כבר משויך לעסק אחר.' };
const OWNER_TAKEN = 'האימייל של הבעלים כבר רשום במערכת. בחרו כתובת אחרת.';

const DEFAULT_TIMEZONE = 'Asia/Jerusalem';
const TIMEZONES = Intl.supportedValuesOf('timeZone');

/** Creates a business with one or more phone numbers; resets itself after success. */
export function CreateBusinessForm(props: { onDone: () => void }) {
  const create = useAction(createBusiness);
  const submission = useSubmission(createBusiness);
  let nextRow = 1;
  const [rows, setRows] = createSignal<number[]>([0]);
  const [handOver, setHandOver] = createSignal<OwnerInvitation | null>(null);
  const errors = () => fieldErrors(submission.error, HINTS);
  const ownerTaken = () =>
    submission.error instanceof ApiError &&
    submission.error.code === 'conflict' &&
    submission.error.details?.fields?.['owner.email'] !== undefined;
  const formError = () =>
    submission.error ? (ownerTaken() ? OWNER_TAKEN : errorMessage(submission.error, MESSAGES)) : undefined;
  const close = () => {
    submission.clear?.();
    props.onDone();
  };

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    let made: Awaited<ReturnType<typeof create>>;
    try {
      made = await create(new FormData(form));
    } catch {
      return; // shown through submission.error
    }
    form.reset();
    setRows([nextRow++]);
    if (made.owner?.invitation === 'mailed') toast(`נשלחה הזמנה ל-${made.owner.email}`);
    // No mail here: the link is shown once, to pass on to the owner.
    if (made.owner?.inviteLink) setHandOver(made.owner);
    else close();
  }

  return (
    <Show when={!handOver()} fallback={<InviteLink owner={handOver() as OwnerInvitation} onDone={close} />}>
      <CreateForm
        titleId="create-business-title"
        title="עסק חדש"
        alert={formError()}
        pending={submission.pending}
        submitLabel="יצירת העסק"
        pendingLabel="יוצרים…"
        onSubmit={onSubmit}
        onCancel={close}
      >
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
          <button
            type="button"
            class="btn-ghost btn-sm"
            onClick={() => setRows((all) => [...all, nextRow++])}
          >
            <Icon name="plus" />
            הוספת מספר
          </button>
          <p class="text-xs text-slate-500">
            אפשר להזין בפורמט ישראלי (03-1234567) או בינלאומי (<span dir="ltr">+972…</span>).
          </p>
        </fieldset>

        <fieldset class="space-y-2.5" aria-describedby="owner-hint">
          <legend class="label">בעלים (לא חובה)</legend>
          <div class="grid gap-5 md:grid-cols-2">
            <Field label="שם הבעלים" name="ownerName" autocomplete="off" error={errors().owner} />
            <Field label="אימייל הבעלים" name="ownerEmail" type="email" dir="ltr" autocomplete="off" />
          </div>
          <p id="owner-hint" class="text-xs text-slate-500">
            ייפתח חשבון בעלים, וישלח אליו קישור לבחירת סיסמה (תקף לשבוע).
          </p>
        </fieldset>
      </CreateForm>
    </Show>
  );
}

/** The owner's invitation link where no mail can be sent: shown once, with a copy button. */
function InviteLink(props: { owner: OwnerInvitation; onDone: () => void }) {
  const copy = async () => {
    await navigator.clipboard?.writeText(props.owner.inviteLink ?? '').catch(() => undefined);
    toast('הקישור הועתק');
  };
  return (
    <section class="card mb-6 space-y-4 p-6" aria-labelledby="invite-link-title">
      <h2 id="invite-link-title" class="text-base font-semibold text-slate-900">
        קישור ההזמנה של {props.owner.name}
      </h2>
      <p class="text-sm text-slate-600">
        לא מוגדר כאן שליחת דואר. העבירו את הקישור ל-<span dir="ltr">{props.owner.email}</span>: הוא קובע את
        הסיסמה, תקף לשבוע ולשימוש אחד, ולא יוצג שוב.
      </p>
      <input
        class="input w-full font-mono text-xs"
        dir="ltr"
        readOnly
        value={props.owner.inviteLink}
        aria-label="קישור ההזמנה"
      />
      <div class="flex gap-2">
        <button type="button" class="btn-primary" onClick={copy}>
          העתקת הקישור
        </button>
        <button type="button" class="btn-secondary" onClick={() => props.onDone()}>
          סיום
        </button>
      </div>
    </section>
  );
}
