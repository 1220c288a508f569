import { Index, Show } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import { Icon } from '../../ui/Icon';
import type { SettingsInput } from './appointment-data';

/** Single dates the business is closed (holidays, say): no slots, no bookings. */
export function ClosedDatesEditor(props: {
  dates: string[];
  setDraft: SetStoreFunction<SettingsInput>;
  error?: string;
}) {
  return (
    <fieldset class="space-y-2" aria-describedby={props.error ? 'closed-dates-error' : undefined}>
      <legend class="mb-1 text-base font-semibold text-slate-900">ימים סגורים</legend>
      <p class="text-sm text-slate-500">תאריכים שבהם העסק סגור, כמו חגים. לא יוצעו בהם שעות פנויות.</p>
      <Show when={props.dates.length === 0}>
        <p class="text-sm text-slate-400">אין ימים סגורים.</p>
      </Show>
      <Index each={props.dates}>
        {(date, i) => (
          <div class="flex items-center gap-2">
            <label for={`closed-${i}`} class="sr-only">
              {`יום סגור ${i + 1}`}
            </label>
            <input
              id={`closed-${i}`}
              type="date"
              class="input w-44"
              value={date()}
              aria-invalid={props.error ? 'true' : undefined}
              onInput={(e) => props.setDraft('closedDates', i, e.currentTarget.value)}
            />
            <button
              type="button"
              class="btn-ghost btn-sm"
              aria-label={`הסרת יום סגור ${i + 1}`}
              onClick={() => props.setDraft('closedDates', (all) => all.filter((_, j) => j !== i))}
            >
              <Icon name="close" />
            </button>
          </div>
        )}
      </Index>
      <Show when={props.error}>
        <p id="closed-dates-error" class="field-error">
          {props.error}
        </p>
      </Show>
      <button
        type="button"
        class="btn-ghost btn-sm"
        onClick={() => props.setDraft('closedDates', (all) => [...all, ''])}
      >
        <Icon name="plus" />
        הוספת יום סגור
      </button>
    </fieldset>
  );
}
