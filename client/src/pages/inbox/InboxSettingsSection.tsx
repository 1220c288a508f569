import { createAsync, useAction } from '@solidjs/router';
import { createSignal, For, Index, Show } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { errorMessage } from '../../errors';
import { FormAlert } from '../../ui/common';
import { Field, TextAreaField } from '../../ui/Field';
import { Ltr } from '../../ui/Ltr';
import { toast } from '../../ui/toast';
import { getInboxSettings, type InboxSettingsView, saveInboxSettings } from './data';
import { draftFrom, emptyTemplate, MAX_TEMPLATES, settingsBody, settingsErrors } from './settings-form';

/**
 * The inbox's settings on the WhatsApp page: how long after a staff reply the assistant
 * answers again (or never by itself), and the approved templates the inbox offers once
 * Meta's 24 hours have passed. Those who may not change them see them read-only.
 */
export function InboxSettingsSection(props: { businessId: string | undefined; canManage: boolean }) {
  const settings = createAsync(() => getInboxSettings(props.businessId));
  return (
    <section class="card p-5" aria-labelledby="inbox-settings-title">
      <h2 id="inbox-settings-title" class="text-base font-semibold text-slate-900">
        תיבת ההודעות
      </h2>
      <p class="mt-1 text-sm text-slate-500">
        מתי העוזר חוזר לענות אחרי שהצוות ענה, ואילו תבניות מאושרות אפשר לשלוח מתיבת ההודעות אחרי 24 שעות.
      </p>
      <Show when={settings()} fallback={<p class="mt-4 text-sm text-slate-500">טוען…</p>}>
        {(loaded) => (
          <Show when={props.canManage} fallback={<ReadOnly settings={loaded()} />}>
            <SettingsForm settings={loaded()} businessId={props.businessId} />
          </Show>
        )}
      </Show>
    </section>
  );
}

function quietText(minutes: number | null) {
  return minutes === null
    ? 'העוזר לא חוזר לענות מעצמו'
    : `העוזר חוזר לענות ${minutes} דקות אחרי התשובה האחרונה של הצוות`;
}

function ReadOnly(props: { settings: InboxSettingsView }) {
  return (
    <div class="mt-4 space-y-2 text-sm text-slate-700">
      <p>{quietText(props.settings.aiResumeAfterMinutes)}.</p>
      <Show
        when={props.settings.templates.length > 0}
        fallback={<p class="text-slate-500">אין תבניות מוגדרות.</p>}
      >
        <ul class="list-disc ps-5">
          <For each={props.settings.templates}>
            {(t) => (
              <li>
                <Ltr>{`${t.name} (${t.language})`}</Ltr>: <span dir="auto">{t.body}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <p class="text-xs text-slate-500">רק בעלי העסק יכולים לשנות את ההגדרות האלה.</p>
    </div>
  );
}

function SettingsForm(props: { settings: InboxSettingsView; businessId: string | undefined }) {
  // Read once: the draft is the owner's from then on.
  const [draft, setDraft] = createStore(draftFrom(props.settings));
  const save = useAction(saveInboxSettings);
  const [tried, setTried] = createSignal(false);
  const [pending, setPending] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const errors = () => (tried() ? settingsErrors(draft) : {});
  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    setTried(true);
    setError(undefined);
    if (Object.keys(settingsErrors(draft)).length > 0) return;
    setPending(true);
    try {
      const saved = await save(props.businessId, settingsBody(draft));
      setDraft(reconcile(draftFrom(saved)));
      setTried(false);
      toast('הגדרות תיבת ההודעות נשמרו');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setPending(false);
    }
  }
  return (
    <form class="mt-4 space-y-5" novalidate aria-label="הגדרות תיבת ההודעות" onSubmit={onSubmit}>
      <FormAlert message={error()} />
      <fieldset class="space-y-3">
        <legend class="label">אחרי שהצוות ענה בשיחה</legend>
        <label class="flex items-center gap-2 text-sm text-slate-700">
          <input type="radio" name="quiet" checked={!draft.never} onChange={() => setDraft('never', false)} />
          העוזר חוזר לענות אחרי זמן שקט
        </label>
        <Show when={!draft.never}>
          <Field
            label="דקות של שקט אחרי התשובה האחרונה של הצוות"
            name="aiResumeAfterMinutes"
            type="number"
            inputmode="numeric"
            min="0"
            dir="ltr"
            class="max-w-60"
            value={draft.minutes}
            error={errors().minutes}
            hint="ההודעה הבאה של הלקוח אחרי הזמן הזה נענית שוב על ידי העוזר"
            onInput={(e) => setDraft('minutes', e.currentTarget.value)}
          />
        </Show>
        <label class="flex items-center gap-2 text-sm text-slate-700">
          <input type="radio" name="quiet" checked={draft.never} onChange={() => setDraft('never', true)} />
          העוזר לא חוזר לענות מעצמו (רק כשמישהו מהצוות מחזיר אותו)
        </label>
      </fieldset>
      <fieldset class="space-y-3">
        <legend class="label">תבניות מאושרות (WhatsApp Business של Meta)</legend>
        <Show when={draft.templates.length === 0}>
          <p class="text-sm text-slate-500">
            אין תבניות. בלי תבנית אי אפשר לכתוב ללקוח מתיבת ההודעות אחרי 24 שעות מההודעה האחרונה שלו.
          </p>
        </Show>
        <Index each={draft.templates}>
          {(t, i) => (
            <div class="space-y-3 rounded-lg border border-slate-200 p-3" data-template-row={i}>
              <div class="grid gap-3 sm:grid-cols-[1fr_8rem]">
                <Field
                  label="שם התבנית ב־Meta"
                  name={`template-name-${i}`}
                  dir="ltr"
                  value={t().name}
                  error={errors()[`templates.${i}.name`]}
                  onInput={(e) => setDraft('templates', i, 'name', e.currentTarget.value)}
                />
                <Field
                  label="שפה"
                  name={`template-language-${i}`}
                  dir="ltr"
                  value={t().language}
                  error={errors()[`templates.${i}.language`]}
                  onInput={(e) => setDraft('templates', i, 'language', e.currentTarget.value)}
                />
              </div>
              <TextAreaField
                label="גוף התבנית"
                name={`template-body-${i}`}
                dir="auto"
                value={t().body}
                error={errors()[`templates.${i}.body`]}
                hint="כפי שאושר ב־Meta, עם {{1}}, {{2}}… במקום הפרמטרים; הצוות ממלא אותם לפני השליחה"
                onInput={(e) => setDraft('templates', i, 'body', e.currentTarget.value)}
              />
              <button
                type="button"
                class="btn-ghost btn-sm"
                onClick={() => setDraft('templates', (all) => all.filter((_, j) => j !== i))}
              >
                הסרת התבנית
              </button>
            </div>
          )}
        </Index>
        <Show when={draft.templates.length < MAX_TEMPLATES}>
          <button
            type="button"
            class="btn-secondary btn-sm"
            onClick={() => setDraft('templates', (all) => [...all, emptyTemplate()])}
          >
            הוספת תבנית
          </button>
        </Show>
      </fieldset>
      <button type="submit" class="btn-primary" disabled={pending()}>
        שמירת הגדרות תיבת ההודעות
      </button>
    </form>
  );
}
