import { createAsync, useAction } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { can } from '../../../../server/auth/permissions';
import { useMe } from '../../auth';
import { errorMessage } from '../../errors';
import { ScopedPage } from '../../layout/ScopedPage';
import { useBusinessScope } from '../../scope';
import { FormAlert } from '../../ui/common';
import { Field } from '../../ui/Field';
import { toast } from '../../ui/toast';
import { createUnsavedGuard } from '../../ui/unsaved';
import { CallRoutingSection } from './CallRoutingSection';
import { type CallSettingsView, getCallSettings, saveCallSettings } from './call-data';
import { bodyFrom, callErrors, draftFrom } from './call-form';
import { DEFAULT_RETENTION_DAYS } from './call-labels';
import { VadSettings } from './VadSettings';

/** Whether calls are recorded, how long recordings are kept, and the VAD's tuning. */
export default function CallSettingsPage() {
  const scope = useBusinessScope();
  const settings = createAsync(async () => (scope.ready() ? getCallSettings(scope.businessId()) : undefined));
  return (
    <ScopedPage
      scope={scope}
      title="שיחות"
      description="הקלטת שיחות הטלפון, כמה זמן נשמרות ההקלטות, ואיך העוזר מזהה שהמתקשר מדבר"
      icon="phone"
      choosePrompt="בחרו עסק מהרשימה כדי לערוך את הגדרות השיחות שלו."
    >
      {/* Keyed by business: the draft starts over when a system admin picks another one. */}
      <For each={[scope.businessId()]}>
        {(businessId) => (
          <div class="space-y-6">
            <Show when={settings()}>
              {(loaded) => <CallSettingsForm businessId={businessId} initial={loaded()} />}
            </Show>
            <CanEditRouting businessId={businessId} />
          </div>
        )}
      </For>
    </ScopedPage>
  );
}

/** Agents never see the routing: its route is for owners and admins only. */
function CanEditRouting(props: { businessId: string | undefined }) {
  const me = useMe();
  return (
    <Show when={can(me().role, 'settings.calls')}>
      <CallRoutingSection businessId={props.businessId} />
    </Show>
  );
}

function CallSettingsForm(props: {
  businessId: string | undefined;
  /** Read once: the draft starts from it and is the user's from then on. */
  initial: CallSettingsView;
}) {
  const me = useMe();
  // The same permission that guards PUT /api/call-settings.
  const canEdit = () => can(me().role, 'settings.calls');
  const [draft, setDraft] = createStore(draftFrom(props.initial));
  const save = useAction(saveCallSettings);
  const [error, setError] = createSignal<unknown>();
  const [pending, setPending] = createSignal(false);
  const guard = createUnsavedGuard();
  const errors = () => callErrors(error());

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    setError(undefined);
    setPending(true);
    try {
      await save(props.businessId, bodyFrom(draft));
      guard.saved();
      toast('ההגדרות נשמרו. הן יחולו מהשיחה הבאה.');
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  }

  return (
    <form ref={guard.track} onSubmit={onSubmit} class="space-y-6" novalidate aria-label="הגדרות שיחות">
      <Show when={props.initial.isDefault}>
        <p class="rounded-lg bg-brand-50 px-3 py-2.5 text-sm text-brand-700">
          העסק עובד כרגע לפי הגדרות ברירת המחדל: השיחות מוקלטות וההקלטות נשמרות {DEFAULT_RETENTION_DAYS} ימים.
        </p>
      </Show>
      <Show when={!canEdit()}>
        <p class="rounded-lg bg-slate-100 px-3 py-2.5 text-sm text-slate-600 ring-1 ring-inset ring-slate-500/15">
          צפייה בלבד: רק בעלי העסק ומנהלים יכולים לשנות את הגדרות השיחות.
        </p>
      </Show>
      <FormAlert message={error() ? errorMessage(error()) : undefined} />
      <section class="card space-y-5 p-6" aria-labelledby="recording-title">
        <h2 id="recording-title" class="text-base font-semibold text-slate-900">
          הקלטות
        </h2>
        <div>
          <label class="flex items-center gap-2 text-sm font-medium text-slate-700">
            <input
              type="checkbox"
              name="recordCalls"
              class="h-4 w-4 accent-brand-600"
              checked={draft.recordCalls}
              disabled={!canEdit()}
              aria-describedby="record-calls-hint"
              onChange={(e) => setDraft('recordCalls', e.currentTarget.checked)}
            />
            הקלטת שיחות
          </label>
          <p id="record-calls-hint" class="mt-1.5 text-xs text-slate-500">
            {draft.recordCalls
              ? 'כל שיחה נשמרת כקובץ שמע אחד של שני הצדדים, כפי שנשמעה בקו.'
              : 'שיחות חדשות לא יוקלטו; התמליל נשמר בכל מקרה.'}
          </p>
          <Show when={errors().recordCalls}>
            <p class="field-error">{errors().recordCalls}</p>
          </Show>
        </div>
        <Field
          class="max-w-xs"
          label="שמירת הקלטות (ימים)"
          name="recordingRetentionDays"
          type="number"
          min="1"
          max="3650"
          placeholder={String(DEFAULT_RETENTION_DAYS)}
          readOnly={!canEdit()}
          value={draft.recordingRetentionDays}
          onInput={(e) => setDraft('recordingRetentionDays', e.currentTarget.value)}
          error={errors().recordingRetentionDays}
          hint={`הקלטות ישנות יותר נמחקות פעם ביום; השיחה והתמליל נשארים. ריק: ${DEFAULT_RETENTION_DAYS} ימים.`}
        />
      </section>
      <VadSettings
        vad={draft.vad}
        defaults={props.initial.defaults}
        setDraft={setDraft}
        errors={errors()}
        canEdit={canEdit()}
      />
      <Show when={canEdit()}>
        <div class="flex items-center gap-3">
          <button type="submit" class="btn-primary" disabled={pending()}>
            {pending() ? 'שומרים…' : 'שמירת הגדרות השיחות'}
          </button>
        </div>
      </Show>
    </form>
  );
}
