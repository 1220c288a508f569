import { createEffect, createSignal, For, Show } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import type { VadParams } from '../../../../server/calls/audio/vad-params';
import { Field } from '../../ui/Field';
import type { CallDraft } from './call-form';
import { VAD_FIELDS } from './call-labels';

/**
 * The voice-activity detector's knobs, collapsed: most businesses never need them. An empty
 * field follows the default shown in it. The section opens by itself when the server
 * refuses one of its values, so the error is never hidden.
 */
export function VadSettings(props: {
  vad: CallDraft['vad'];
  defaults: Readonly<VadParams>;
  setDraft: SetStoreFunction<CallDraft>;
  errors: Record<string, string>;
  canEdit: boolean;
}) {
  const [open, setOpen] = createSignal(false);
  const hasErrors = () => Object.keys(props.errors).some((key) => key === 'vad' || key.startsWith('vad.'));
  createEffect(() => {
    if (hasErrors()) setOpen(true);
  });
  const customised = () => VAD_FIELDS.filter((f) => props.vad[f.key].trim() !== '').length;

  return (
    <details class="card p-6" open={open()} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary class="cursor-pointer text-base font-semibold text-slate-900">
        מתקדם: זיהוי דיבור בשיחה
        <Show when={customised() > 0}>
          <span class="ms-2 text-sm font-normal text-slate-500">
            ({customised() === 1 ? 'ערך אחד הותאם' : `${customised()} ערכים הותאמו`})
          </span>
        </Show>
      </summary>
      <div class="mt-4 space-y-5">
        <p class="text-sm text-slate-500">
          לכיוונון קו רועש או מתקשרים שמדברים בשקט. שדה ריק פועל לפי ברירת המחדל שמופיעה בו, שנקבעה במדידות על
          שיחות בעברית. שינוי חל מהשיחה הבאה.
        </p>
        <Show when={props.errors.vad}>
          <p class="field-error">{props.errors.vad}</p>
        </Show>
        <div class="grid gap-5 sm:grid-cols-2 lg:grid-cols-3">
          <For each={VAD_FIELDS}>
            {(f) => (
              <Field
                label={f.label}
                name={`vad-${f.key}`}
                type="number"
                dir="ltr"
                min={f.min}
                max={f.max}
                step={f.step}
                placeholder={String(props.defaults[f.key])}
                readOnly={!props.canEdit}
                value={props.vad[f.key]}
                onInput={(e) => props.setDraft('vad', f.key, e.currentTarget.value)}
                error={props.errors[`vad.${f.key}`]}
                hint={`${f.hint ? `${f.hint} ` : ''}ברירת המחדל: ${props.defaults[f.key]}.`}
              />
            )}
          </For>
        </div>
        <Show when={props.canEdit && customised() > 0}>
          <button
            type="button"
            class="btn-secondary btn-sm"
            onClick={() => {
              for (const f of VAD_FIELDS) props.setDraft('vad', f.key, '');
            }}
          >
            חזרה לברירות המחדל
          </button>
        </Show>
      </div>
    </details>
  );
}
