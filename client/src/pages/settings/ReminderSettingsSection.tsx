import { createAsync, useAction } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { can } from '../../../../server/auth/permissions';
import { useMe } from '../../auth';
import { errorMessage, fieldErrors } from '../../errors';
import { FormAlert } from '../../ui/common';
import { Field } from '../../ui/Field';
import { toast } from '../../ui/toast';
import { createUnsavedGuard } from '../../ui/unsaved';
import { customerReminderHint, HOURS_HINT, staffReminderHint } from './lead-time';
import { getReminderSettings, type ReminderSettings, saveReminderSettings } from './reminder-data';

/** The reminder lead times, a form of its own: they are saved apart from the booking rules. */
export function ReminderSettingsSection(props: { businessId: string | undefined }) {
  const settings = createAsync(() => getReminderSettings(props.businessId));
  return <Show when={settings()}>{(loaded) => <ReminderForm {...props} initial={loaded()} />}</Show>;
}

function ReminderForm(props: {
  businessId: string | undefined;
  /** Read once: the draft starts from it and is the user's from then on. */
  initial: ReminderSettings;
}) {
  const me = useMe();
  // The same permission that guards PUT /api/reminder-settings.
  const canEdit = () => can(me().role, 'settings.appointments');
  const [draft, setDraft] = createStore<ReminderSettings>({ ...props.initial });
  const save = useAction(saveReminderSettings);
  const [error, setError] = createSignal<unknown>();
  const [pending, setPending] = createSignal(false);
  const guard = createUnsavedGuard();
  const errors = () =>
    fieldErrors(error(), { customerHoursBefore: HOURS_HINT, staffHoursBefore: HOURS_HINT });
  const hours = (key: keyof ReminderSettings) => (event: InputEvent & { currentTarget: HTMLInputElement }) =>
    setDraft(key, event.currentTarget.valueAsNumber);

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    setError(undefined);
    setPending(true);
    try {
      await save(props.businessId, { ...draft });
      guard.saved();
      toast('התזכורות נשמרו.');
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  }

  return (
    <form
      ref={guard.track}
      onSubmit={onSubmit}
      novalidate
      aria-labelledby="reminders-title"
      class="card space-y-5 p-6"
    >
      <div>
        <h2 id="reminders-title" class="text-base font-semibold text-slate-900">
          תזכורות
        </h2>
        <p class="mt-1 text-sm text-slate-500">
          כמה שעות לפני כל פגישה נשלחת תזכורת; 0 מכבה אותה. שינוי חל על פגישות שייקבעו או יוזזו מעכשיו.
        </p>
      </div>
      <FormAlert message={error() ? errorMessage(error()) : undefined} />
      <div class="grid gap-5 sm:grid-cols-2">
        <Field
          label="תזכורת ללקוח בוואטסאפ (שעות לפני)"
          name="customerHoursBefore"
          type="number"
          min="0"
          max="168"
          readOnly={!canEdit()}
          value={draft.customerHoursBefore}
          onInput={hours('customerHoursBefore')}
          error={errors().customerHoursBefore}
          hint={customerReminderHint(draft.customerHoursBefore)}
        />
        <Field
          label="תזכורת לצוות (שעות לפני)"
          name="staffHoursBefore"
          type="number"
          min="0"
          max="168"
          readOnly={!canEdit()}
          value={draft.staffHoursBefore}
          onInput={hours('staffHoursBefore')}
          error={errors().staffHoursBefore}
          hint={staffReminderHint(draft.staffHoursBefore)}
        />
      </div>
      <Show when={canEdit()}>
        <div class="flex items-center gap-3">
          <button type="submit" class="btn-primary" disabled={pending()}>
            {pending() ? 'שומרים…' : 'שמירת התזכורות'}
          </button>
        </div>
      </Show>
    </form>
  );
}
