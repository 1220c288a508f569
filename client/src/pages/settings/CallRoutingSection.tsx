import { createAsync, useAction } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { ApiError } from '../../api';
import { errorMessage } from '../../errors';
import { FormAlert } from '../../ui/common';
import { Field } from '../../ui/Field';
import { toast } from '../../ui/toast';
import { type CallRouting, getCallRouting, saveCallRouting } from './call-data';
import {
  ACTION_LABEL,
  draftFromRouting,
  KEYPAD_ACTIONS,
  type KeypadAction,
  menuRows,
  routingBody,
  routingProblems,
  setKeyAction,
} from './keypad-menu';

/**
 * Transfer to a person and the keypad menu: the number a transfer dials, whether the staff
 * member hears a summary first, and what each key does. Shown to those who may change call
 * settings (owners and admins); saved on its own, applying from the next call.
 */
export function CallRoutingSection(props: { businessId: string | undefined }) {
  const routing = createAsync(() => getCallRouting(props.businessId));
  return (
    <Show when={routing()}>{(r) => <CallRoutingForm businessId={props.businessId} initial={r()} />}</Show>
  );
}

function CallRoutingForm(props: { businessId: string | undefined; initial: CallRouting }) {
  const [draft, setDraft] = createStore(draftFromRouting(props.initial));
  const save = useAction(saveCallRouting);
  const [error, setError] = createSignal<unknown>();
  const [checked, setChecked] = createSignal(false);
  const [pending, setPending] = createSignal(false);
  const problems = () => (checked() ? routingProblems(draft) : {});
  const serverField = (name: string) =>
    error() instanceof ApiError &&
    Object.keys((error() as ApiError).details?.fields ?? {}).some((f) => f.startsWith(name))
      ? 'הערך נדחה. בדקו אותו ונסו שוב.'
      : undefined;

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    setChecked(true);
    setError(undefined);
    if (Object.keys(routingProblems(draft)).length > 0) return;
    setPending(true);
    try {
      const saved = await save(props.businessId, routingBody(draft));
      setDraft(draftFromRouting(saved));
      toast('ההעברה לנציג ותפריט המקשים נשמרו. הם יחולו מהשיחה הבאה.');
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} class="card space-y-5 p-6" novalidate aria-labelledby="routing-title">
      <h2 id="routing-title" class="text-base font-semibold text-slate-900">
        העברה לנציג ותפריט מקשים
      </h2>
      <FormAlert message={error() ? errorMessage(error()) : undefined} />
      <Field
        class="max-w-xs"
        label="מספר להעברה לנציג"
        name="transferNumber"
        type="tel"
        dir="ltr"
        placeholder="050-1234567"
        value={draft.transferNumber}
        onInput={(e) => setDraft('transferNumber', e.currentTarget.value)}
        error={problems().transferNumber ?? serverField('transferNumber')}
        hint="כשמתקשר מבקש נציג, העוזר אומר זאת ומעביר את השיחה למספר הזה, עם מספר המתקשר. ריק: הבקשה נרשמת בליד."
      />
      <div>
        <label class="flex items-center gap-2 text-sm font-medium text-slate-700">
          <input
            type="checkbox"
            name="warmTransfer"
            class="h-4 w-4 accent-brand-600"
            checked={draft.warmTransfer}
            aria-describedby="warm-transfer-hint"
            onChange={(e) => setDraft('warmTransfer', e.currentTarget.checked)}
          />
          תדריך לנציג לפני ההעברה
        </label>
        <p id="warm-transfer-hint" class="mt-1.5 text-xs text-slate-500">
          הנציג שומע קודם סיכום קצר (מי מתקשר ולמה) ומקיש 1 כדי לקבל את השיחה. אם אינו עונה, העוזר חוזר למתקשר
          ורושם הודעה.
        </p>
        <Show when={problems().warmTransfer}>
          <p class="field-error">{problems().warmTransfer}</p>
        </Show>
      </div>
      <fieldset>
        <legend class="text-sm font-medium text-slate-700">תפריט מקשים</legend>
        <p class="mt-1 text-xs text-slate-500">
          מקש שנלחץ לבד מפעיל את הפעולה, גם באמצע דברי העוזר. מקשים בלי פעולה (ומספרים שמקישים) מגיעים לעוזר
          כרגיל.
        </p>
        <div class="mt-3 grid grid-cols-2 gap-2 sm:grid-cols-3">
          <For each={menuRows(draft.keypadMenu)}>
            {(row) => (
              <label class="flex items-center gap-2 text-sm text-slate-700">
                <span class="w-6 text-center font-semibold" dir="ltr">
                  {row.digit}
                </span>
                <select
                  class="input"
                  name={`key-${row.digit}`}
                  aria-label={`מקש ${row.digit}`}
                  value={row.action ?? ''}
                  onChange={(e) =>
                    setDraft(
                      'keypadMenu',
                      setKeyAction(
                        draft.keypadMenu,
                        row.digit,
                        (e.currentTarget.value || null) as KeypadAction | null,
                      ),
                    )
                  }
                >
                  <option value="">ללא</option>
                  <For each={KEYPAD_ACTIONS}>{(a) => <option value={a}>{ACTION_LABEL[a]}</option>}</For>
                </select>
              </label>
            )}
          </For>
        </div>
        <Show when={problems().keypadMenu ?? serverField('keypadMenu')}>
          {(m) => <p class="field-error">{m()}</p>}
        </Show>
      </fieldset>
      <div class="flex items-center gap-3">
        <button type="submit" class="btn-primary" disabled={pending()}>
          {pending() ? 'שומרים…' : 'שמירת ההעברה ותפריט המקשים'}
        </button>
      </div>
    </form>
  );
}
