import { For, Index, Show } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import { Icon } from '../../ui/Icon';
import { type TimeRange, WEEKDAYS, type Weekday } from '../calendar/data';
import { addDays, weekdayName } from '../calendar/dates';
import type { SettingsInput } from './appointment-data';

// Any Sunday: only the weekday names are read from it.
const SUNDAY = '2026-01-04';
const DAY_NAMES = WEEKDAYS.map((_, i) => weekdayName(addDays(SUNDAY, i)));

/** Opening hours per weekday, Sunday first; a day may have several ranges or none (closed). */
export function WeeklyHoursEditor(props: {
  hours: Record<Weekday, TimeRange[]>;
  setDraft: SetStoreFunction<SettingsInput>;
  errors: Record<string, string>;
}) {
  return (
    <fieldset class="space-y-1">
      <legend class="mb-3 text-base font-semibold text-slate-900">שעות פעילות</legend>
      <For each={WEEKDAYS}>
        {(day, index) => {
          const name = DAY_NAMES[index()] ?? day;
          const errorId = `hours-${day}-error`;
          const ranges = () => props.hours[day];
          return (
            <fieldset
              aria-describedby={props.errors[`weeklyHours.${day}`] ? errorId : undefined}
              class="grid gap-2 border-b border-slate-100 py-3 sm:grid-cols-[8rem_1fr]"
            >
              <legend class="sr-only">{name}</legend>
              <p class="pt-2 text-sm font-medium text-slate-700" aria-hidden="true">
                {name}
              </p>
              <div class="space-y-2">
                <Show when={ranges().length === 0}>
                  <p class="pt-2 text-sm text-slate-400">סגור</p>
                </Show>
                <Index each={ranges()}>
                  {(range, i) => (
                    <div class="flex flex-wrap items-center gap-2">
                      <label class="sr-only" for={`hours-${day}-${i}-start`}>
                        {`${name}, טווח ${i + 1}, משעה`}
                      </label>
                      <input
                        id={`hours-${day}-${i}-start`}
                        type="time"
                        step="300"
                        class="input w-32"
                        value={range().start}
                        aria-invalid={props.errors[`weeklyHours.${day}`] ? 'true' : undefined}
                        onInput={(e) => props.setDraft('weeklyHours', day, i, 'start', e.currentTarget.value)}
                      />
                      <span class="text-sm text-slate-400" aria-hidden="true">
                        עד
                      </span>
                      <label class="sr-only" for={`hours-${day}-${i}-end`}>
                        {`${name}, טווח ${i + 1}, עד שעה`}
                      </label>
                      <input
                        id={`hours-${day}-${i}-end`}
                        type="time"
                        step="300"
                        class="input w-32"
                        value={range().end}
                        aria-invalid={props.errors[`weeklyHours.${day}`] ? 'true' : undefined}
                        onInput={(e) => props.setDraft('weeklyHours', day, i, 'end', e.currentTarget.value)}
                      />
                      <button
                        type="button"
                        class="btn-ghost btn-sm"
                        aria-label={`הסרת טווח ${i + 1} של ${name}`}
                        onClick={() =>
                          props.setDraft('weeklyHours', day, (all) => all.filter((_, j) => j !== i))
                        }
                      >
                        <Icon name="close" />
                      </button>
                    </div>
                  )}
                </Index>
                <button
                  type="button"
                  class="btn-ghost btn-sm"
                  aria-label={`הוספת טווח שעות ל${name}`}
                  onClick={() =>
                    props.setDraft('weeklyHours', day, (all) => [...all, nextRange(all[all.length - 1])])
                  }
                >
                  <Icon name="plus" />
                  הוספת טווח
                </button>
                <Show when={props.errors[`weeklyHours.${day}`]}>
                  <p id={errorId} class="field-error">
                    {props.errors[`weeklyHours.${day}`]}
                  </p>
                </Show>
              </div>
            </fieldset>
          );
        }}
      </For>
    </fieldset>
  );
}

/** A sensible next range: starting the hour after the last one ends, or a working day. */
function nextRange(last: TimeRange | undefined): TimeRange {
  if (!last) return { start: '09:00', end: '17:00' };
  const hour = (h: number) => `${String(h).padStart(2, '0')}:00`;
  const start = Math.min(22, Number(last.end.split(':')[0]) + 1);
  return { start: hour(start), end: hour(start + 1) };
}
