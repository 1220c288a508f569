import { createAsync, useAction } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { errorMessage } from '../../errors';
import { FormAlert } from '../../ui/common';
import { Field, TextAreaField } from '../../ui/Field';
import { toast } from '../../ui/toast';
import { createUnsavedGuard } from '../../ui/unsaved';
import { AssistantPage, type AssistantScope } from './AssistantPage';
import { getProfile, type ProfileView, saveProfile } from './data';
import { PERSONA_LABEL, type Persona, VOICE_GROUPS, voicesIn } from './labels';
import { profileErrors } from './messages';
import { profileFromForm } from './profile-form';

/** Who the assistant is (name, greeting, voice, phrasing) and what it knows about the business. */
export default function AssistantProfilePage() {
  return (
    <AssistantPage
      title="העוזר הדיגיטלי"
      description="איך העוזר מציג את עצמו, באיזה קול הוא מדבר ומה הוא יודע על העסק, בטלפון ובוואטסאפ"
      icon="assistant"
    >
      {(scope) => <ProfileLoader {...scope} />}
    </AssistantPage>
  );
}

function ProfileLoader(props: AssistantScope) {
  const profile = createAsync(() => getProfile(props.businessId));
  return <Show when={profile()}>{(loaded) => <ProfileForm {...props} profile={loaded()} />}</Show>;
}

function ProfileForm(props: AssistantScope & { profile: ProfileView }) {
  const save = useAction(saveProfile);
  const [error, setError] = createSignal<unknown>();
  const [pending, setPending] = createSignal(false);
  const guard = createUnsavedGuard();
  const errors = () => profileErrors(error());
  const readOnly = () => !props.canManage;

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    setError(undefined);
    setPending(true);
    try {
      await save(props.businessId, profileFromForm(new FormData(event.currentTarget as HTMLFormElement)));
      guard.saved();
      toast('הפרופיל נשמר. השיחה וההודעה הבאות כבר ישתמשו בו.');
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  }

  return (
    <form ref={guard.track} onSubmit={onSubmit} class="space-y-6" novalidate aria-label="פרופיל העוזר">
      <Show when={props.profile.isDefault}>
        <p class="rounded-lg bg-brand-50 px-3 py-2.5 text-sm text-brand-700">
          העוזר עובד כרגע לפי ברירת המחדל.
          {props.canManage ? ' שמירה תקבע את הפרטים האלה כפרופיל של העסק.' : ''}
        </p>
      </Show>
      <FormAlert message={error() ? errorMessage(error()) : undefined} />
      <section class="card space-y-5 p-6" aria-labelledby="identity-title">
        <h2 id="identity-title" class="text-base font-semibold text-slate-900">
          זהות העוזר
        </h2>
        <div class="grid gap-5 sm:grid-cols-2">
          <Field
            label="שם העוזר"
            name="assistantName"
            maxLength={60}
            required
            readOnly={readOnly()}
            value={props.profile.assistantName}
            error={errors().assistantName}
          />
          <div>
            <label for="assistant-voice" class="label">
              קול
            </label>
            <select
              id="assistant-voice"
              name="voice"
              class="input"
              disabled={readOnly()}
              aria-describedby="assistant-voice-hint"
            >
              <For each={VOICE_GROUPS}>
                {(group) => (
                  <optgroup label={group.label}>
                    <For each={voicesIn(group.key)}>
                      {(option) => (
                        <option value={option.voice} selected={option.voice === props.profile.voice}>
                          {option.label}
                        </option>
                      )}
                    </For>
                  </optgroup>
                )}
              </For>
            </select>
            <p id="assistant-voice-hint" class="mt-1.5 text-xs text-slate-500">
              הקול שבו העוזר מדבר בכל שיחה. ברירת המחדל היא קול גברי.
            </p>
          </div>
        </div>
        <fieldset>
          <legend class="label">לשון הפנייה של העוזר</legend>
          <div class="flex flex-wrap gap-x-6 gap-y-2">
            <For each={Object.keys(PERSONA_LABEL) as Persona[]}>
              {(persona) => (
                <label class="flex items-center gap-2 text-sm text-slate-700">
                  <input
                    type="radio"
                    name="persona"
                    value={persona}
                    checked={persona === props.profile.persona}
                    disabled={readOnly()}
                    class="h-4 w-4 accent-brand-600"
                  />
                  {PERSONA_LABEL[persona]}
                </label>
              )}
            </For>
          </div>
        </fieldset>
        <TextAreaField
          label="הצגה עצמית"
          name="introduction"
          maxLength={500}
          readOnly={readOnly()}
          value={props.profile.introduction}
          error={errors().introduction}
          hint="מה העוזר אומר על עצמו כשמבקשים ממנו להציג את עצמו."
        />
        <TextAreaField
          label="משפט פתיחה"
          name="greeting"
          rows={2}
          maxLength={300}
          required
          readOnly={readOnly()}
          value={props.profile.greeting}
          error={errors().greeting}
          hint="המשפט הראשון בכל שיחת טלפון."
        />
      </section>
      <section class="card space-y-5 p-6" aria-labelledby="facts-title">
        <div>
          <h2 id="facts-title" class="text-base font-semibold text-slate-900">
            פרטי העסק
          </h2>
          <p class="mt-1 text-sm text-slate-500">העוזר עונה על שאלות רק לפי מה שכתוב כאן ובשאלות הנפוצות.</p>
        </div>
        <Field
          label="כתובת"
          name="address"
          maxLength={300}
          readOnly={readOnly()}
          value={props.profile.address}
          error={errors().address}
        />
        <div class="grid gap-5 lg:grid-cols-3">
          <TextAreaField
            label="שעות פעילות"
            name="hoursText"
            rows={5}
            maxLength={1000}
            readOnly={readOnly()}
            value={props.profile.hoursText}
            error={errors().hoursText}
          />
          <TextAreaField
            label="שירותים"
            name="services"
            rows={5}
            maxLength={3000}
            readOnly={readOnly()}
            value={props.profile.services}
            error={errors().services}
          />
          <TextAreaField
            label="מחירים"
            name="prices"
            rows={5}
            maxLength={3000}
            readOnly={readOnly()}
            value={props.profile.prices}
            error={errors().prices}
          />
        </div>
      </section>
      <Show when={props.canManage}>
        <div class="flex items-center gap-3">
          <button type="submit" class="btn-primary" disabled={pending()}>
            {pending() ? 'שומרים…' : 'שמירת הפרופיל'}
          </button>
        </div>
      </Show>
    </form>
  );
}
