import { useAction } from '@solidjs/router';
import { createEffect, createSignal, on, Show } from 'solid-js';
import { FormAlert } from '../../ui/common';
import { toast } from '../../ui/toast';
import { type AssistantChannel, type PromptVersion, savePrompt } from './data';
import { CHANNEL_LABEL, PROMPT_MAX_CHARS } from './labels';
import { assistantError } from './messages';

/** The channel's current prompt, editable by managers; saving appends a version. */
export function PromptEditor(props: {
  businessId: string | undefined;
  channel: AssistantChannel;
  canManage: boolean;
  current: PromptVersion;
}) {
  const save = useAction(savePrompt);
  const [draft, setDraft] = createSignal(props.current.body);
  const [error, setError] = createSignal<string>();
  const [pending, setPending] = createSignal(false);
  // A new current version (this save, a rollback) replaces the draft.
  createEffect(
    on(
      () => props.current.version,
      () => setDraft(props.current.body),
      { defer: true },
    ),
  );
  const unchanged = () => draft().trim() === props.current.body.trim();
  const id = () => `prompt-${props.channel}`;

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    setError(undefined);
    setPending(true);
    try {
      const { version } = await save(props.businessId, props.channel, draft());
      toast(`נשמרה גרסה ${version}. השיחה וההודעה הבאות כבר ישתמשו בה.`);
    } catch (failure) {
      setError(assistantError(failure));
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} class="card space-y-4 p-6" novalidate>
      <div class="flex flex-wrap items-baseline justify-between gap-2">
        <label id={`${id()}-label`} for={id()} class="text-base font-semibold text-slate-900">
          ההנחיות לערוץ {CHANNEL_LABEL[props.channel]}
        </label>
        <span class="text-sm text-slate-500">גרסה נוכחית: {props.current.version}</span>
      </div>
      <FormAlert message={error()} />
      <textarea
        id={id()}
        dir="rtl"
        rows={10}
        maxLength={PROMPT_MAX_CHARS}
        class="input resize-y leading-relaxed"
        readOnly={!props.canManage}
        value={draft()}
        onInput={(event) => setDraft(event.currentTarget.value)}
        aria-describedby={`${id()}-hint`}
      />
      <p id={`${id()}-hint`} class="text-xs text-slate-500">
        כללי הבטיחות (אישור פרטים לפני קביעת תור, בלי המצאות) מתווספים תמיד על ידי המערכת.{' '}
        {draft().length.toLocaleString('he-IL')} / {PROMPT_MAX_CHARS.toLocaleString('he-IL')} תווים.
      </p>
      <Show when={props.canManage}>
        <div class="flex items-center gap-3">
          <button type="submit" class="btn-primary" disabled={pending() || unchanged() || !draft().trim()}>
            {pending() ? 'שומרים…' : 'שמירה כגרסה חדשה'}
          </button>
        </div>
      </Show>
    </form>
  );
}
