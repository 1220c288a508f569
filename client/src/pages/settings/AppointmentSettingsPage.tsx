import { createAsync, useAction, useSubmission } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { errorMessage } from '../../errors';
import { ScopedPage } from '../../layout/ScopedPage';
import { useBusinessScope } from '../../scope';
import { FormAlert } from '../../ui/common';
import { Field } from '../../ui/Field';
import { toast } from '../../ui/toast';
import { createUnsavedGuard } from '../../ui/unsaved';
import { type AppointmentSettings, getAppointmentSettings } from '../calendar/data';
import { type SettingsInput, saveAppointmentSettings } from './appointment-data';
import { ClosedDatesEditor } from './ClosedDatesEditor';
import { ReminderSettingsSection } from './ReminderSettingsSection';
import { settingsErrors } from './settings-errors';
import { WeeklyHoursEditor } from './WeeklyHoursEditor';

const TIMEZONES = Intl.supportedValuesOf('timeZone');

/**
 * How customers may book (weekly hours, slot size, window, notice, buffers, closed dates, zone)
 * and when they and the team are reminded.
 */
export default function AppointmentSettingsPage() {
  const scope = useBusinessScope();
  const settings = createAsync(async () =>
    scope.ready() ? getAppointmentSettings(scope.businessId()) : undefined,
  );
  return (
    <ScopedPage
      scope={scope}
      title="הגדרות יומן"
      description="מתי אפשר לקבוע פגישות, באיזה מרווח ולכמה זמן קדימה, ומתי נשלחות תזכורות"
      icon="clock"
      choosePrompt="בחרו עסק מהרשימה כדי לערוך את הגדרות היומן שלו."
    >
      {/* Keyed by business: the draft starts over when a system admin picks another one. */}
      <For each={[scope.businessId()]}>
        {(businessId) => (
          <div class="space-y-8">
            <Show when={settings()}>
              {(loaded) => (
                <SettingsForm businessId={businessId} initial={loaded()} isDefault={loaded().isDefault} />
              )}
            </Show>
            <ReminderSettingsSection businessId={businessId} />
          </div>
        )}
      </For>
    </ScopedPage>
  );
}

function SettingsForm(props: {
  businessId: string | undefined;
  /** Read once: the draft starts from it and is the user's from then on. */
  initial: AppointmentSettings;
  isDefault: boolean;
}) {
  const { isDefault: _, ...initial } = structuredClone(props.initial);
  const [draft, setDraft] = createStore<SettingsInput>(initial);
  const save = useAction(saveAppointmentSettings);
  const submission = useSubmission(saveAppointmentSettings);
  submission.clear?.();
  const guard = createUnsavedGuard();
  const errors = () => settingsErrors(submission.error);
  const number = (key: keyof SettingsInput) => (event: InputEvent & { currentTarget: HTMLInputElement }) =>
    setDraft(key, event.currentTarget.valueAsNumber as never);

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    try {
      await save(props.businessId, {
        ...draft,
        closedDates: [...new Set(draft.closedDates.filter(Boolean))].sort(),
      });
      guard.saved();
      toast('ההגדרות נשמרו.');
    } catch {
      // shown through submission.error
    }
  }

  return (
    <form ref={guard.track} onSubmit={onSubmit} class="space-y-6" novalidate aria-label="הגדרות יומן">
      <Show when={props.isDefault}>
        <p class="rounded-lg bg-brand-50 px-3 py-2.5 text-sm text-brand-700">
          העסק עובד כרגע לפי הגדרות ברירת המחדל. שמירה תקבע אותן כהגדרות של העסק.
        </p>
      </Show>
      <FormAlert message={submission.error ? errorMessage(submission.error) : undefined} />
      <section class="card p-6">
        <WeeklyHoursEditor hours={draft.weeklyHours} setDraft={setDraft} errors={errors()} />
      </section>
      <section class="card space-y-5 p-6" aria-labelledby="rules-title">
        <h2 id="rules-title" class="text-base font-semibold text-slate-900">
          כללי הזמנה
        </h2>
        <div class="grid gap-5 sm:grid-cols-2 lg:grid-cols-3">
          <Field
            label="משך משבצת (דקות)"
            name="slotMinutes"
            type="number"
            min="5"
            max="480"
            step="5"
            value={draft.slotMinutes}
            onInput={number('slotMinutes')}
            error={errors().slotMinutes}
            hint="כל כמה דקות מתחילה שעה פנויה, וגם משך ברירת המחדל של פגישה."
          />
          <Field
            label="חלון הזמנות (ימים קדימה)"
            name="windowDays"
            type="number"
            min="0"
            max="365"
            value={draft.windowDays}
            onInput={number('windowDays')}
            error={errors().windowDays}
          />
          <Field
            label="התראה מינימלית (דקות)"
            name="noticeMinutes"
            type="number"
            min="0"
            max="43200"
            step="5"
            value={draft.noticeMinutes}
            onInput={number('noticeMinutes')}
            error={errors().noticeMinutes}
            hint="כמה זמן מראש לפחות אפשר לקבוע פגישה."
          />
          <Field
            label="הפסקה לפני פגישה (דקות)"
            name="bufferBeforeMinutes"
            type="number"
            min="0"
            max="240"
            step="5"
            value={draft.bufferBeforeMinutes}
            onInput={number('bufferBeforeMinutes')}
            error={errors().bufferBeforeMinutes}
          />
          <Field
            label="הפסקה אחרי פגישה (דקות)"
            name="bufferAfterMinutes"
            type="number"
            min="0"
            max="240"
            step="5"
            value={draft.bufferAfterMinutes}
            onInput={number('bufferAfterMinutes')}
            error={errors().bufferAfterMinutes}
          />
          <div>
            <label for="settings-timezone" class="label">
              אזור זמן
            </label>
            <select
              id="settings-timezone"
              class="input"
              dir="ltr"
              aria-invalid={errors().timezone ? 'true' : undefined}
              aria-describedby={errors().timezone ? 'settings-timezone-error' : undefined}
              onChange={(e) => setDraft('timezone', e.currentTarget.value)}
            >
              <For each={TIMEZONES}>
                {(zone) => (
                  <option value={zone} selected={zone === draft.timezone}>
                    {zone}
                  </option>
                )}
              </For>
            </select>
            <Show when={errors().timezone}>
              <p id="settings-timezone-error" class="field-error">
                {errors().timezone}
              </p>
            </Show>
          </div>
        </div>
      </section>
      <section class="card p-6">
        <ClosedDatesEditor dates={draft.closedDates} setDraft={setDraft} error={errors().closedDates} />
      </section>
      <div class="flex items-center gap-3">
        <button type="submit" class="btn-primary" disabled={submission.pending}>
          {submission.pending ? 'שומרים…' : 'שמירת ההגדרות'}
        </button>
      </div>
    </form>
  );
}
