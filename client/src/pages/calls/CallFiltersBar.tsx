import { For, onCleanup } from 'solid-js';
import type { CallFilters } from './data';
import { DIRECTION_LABEL, OUTCOME_LABEL } from './labels';

/** The dates in the URL are local days (YYYY-MM-DD); the API gets instants. */
export type CallFilterParams = Omit<CallFilters, 'from' | 'to'> & { fromDay?: string; toDay?: string };

/** Local midnight of a YYYY-MM-DD day, plus `addDays`, as an ISO instant. */
export function dayStart(day: string | undefined, addDays = 0): string | undefined {
  if (!day || !/^\d{4}-\d\d-\d\d$/.test(day)) return undefined;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(y, m - 1, d + addDays);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** What the API is asked for: the day range as [start of the first day, start of the day after the last). */
export function apiFilters(p: CallFilterParams): CallFilters {
  const { fromDay, toDay, ...rest } = p;
  return { ...rest, from: dayStart(fromDay), to: dayStart(toDay, 1) };
}

const DURATIONS: { label: string; min?: string; max?: string }[] = [
  { label: 'כל משך' },
  { label: 'עד 30 שניות', max: '30' },
  { label: '30 שניות עד 3 דקות', min: '30', max: '180' },
  { label: 'מעל 3 דקות', min: '180' },
];

/**
 * Search (a number as typed, a name, words of the summary) and the call list's filters.
 * Typing searches after a short pause; Enter searches at once.
 */
export function CallFiltersBar(props: {
  filters: CallFilterParams;
  onChange: (f: Partial<CallFilterParams>) => void;
}) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  const select =
    (key: keyof CallFilterParams) =>
    (event: Event & { currentTarget: HTMLSelectElement | HTMLInputElement }) =>
      props.onChange({ [key]: event.currentTarget.value || undefined });
  const durationIndex = () =>
    Math.max(
      0,
      DURATIONS.findIndex((d) => d.min === props.filters.minSeconds && d.max === props.filters.maxSeconds),
    );
  return (
    <div class="mb-4 flex flex-wrap items-end gap-3">
      <form
        class="min-w-60 flex-1"
        onSubmit={(event) => {
          event.preventDefault();
          clearTimeout(timer);
          const input = event.currentTarget.elements.namedItem('q') as HTMLInputElement;
          props.onChange({ q: input.value.trim() || undefined });
        }}
      >
        <label for="calls-search" class="label">
          חיפוש
        </label>
        <input
          id="calls-search"
          name="q"
          type="search"
          class="input"
          placeholder="מספר טלפון, שם או מילים מהסיכום"
          value={props.filters.q ?? ''}
          onInput={(event) => {
            const value = event.currentTarget.value;
            clearTimeout(timer);
            timer = setTimeout(() => props.onChange({ q: value.trim() || undefined }), 350);
          }}
        />
      </form>
      <div>
        <label for="calls-from" class="label">
          מתאריך
        </label>
        <input
          id="calls-from"
          type="date"
          class="input w-auto"
          value={props.filters.fromDay ?? ''}
          onChange={select('fromDay')}
        />
      </div>
      <div>
        <label for="calls-to" class="label">
          עד תאריך
        </label>
        <input
          id="calls-to"
          type="date"
          class="input w-auto"
          value={props.filters.toDay ?? ''}
          onChange={select('toDay')}
        />
      </div>
      <div>
        <label for="calls-status" class="label">
          מענה
        </label>
        <select
          id="calls-status"
          class="input w-auto"
          value={props.filters.status ?? ''}
          onChange={select('status')}
        >
          <option value="">הכול</option>
          <option value="answered">נענו</option>
          <option value="missed">לא נענו</option>
          <option value="live">בשיחה עכשיו</option>
        </select>
      </div>
      <div>
        <label for="calls-outcome" class="label">
          תוצאה
        </label>
        <select
          id="calls-outcome"
          class="input w-auto"
          value={props.filters.outcome ?? ''}
          onChange={select('outcome')}
        >
          <option value="">הכול</option>
          <For each={Object.entries(OUTCOME_LABEL)}>
            {([value, label]) => <option value={value}>{label}</option>}
          </For>
          <option value="pending">סיכום בהכנה</option>
        </select>
      </div>
      <div>
        <label for="calls-direction" class="label">
          כיוון
        </label>
        <select
          id="calls-direction"
          class="input w-auto"
          value={props.filters.direction ?? ''}
          onChange={select('direction')}
        >
          <option value="">הכול</option>
          <For each={Object.entries(DIRECTION_LABEL)}>
            {([value, label]) => <option value={value}>{label}</option>}
          </For>
        </select>
      </div>
      <div>
        <label for="calls-duration" class="label">
          משך
        </label>
        <select
          id="calls-duration"
          class="input w-auto"
          value={String(durationIndex())}
          onChange={(event) => {
            const d: { min?: string; max?: string } = DURATIONS[Number(event.currentTarget.value)] ?? {};
            props.onChange({ minSeconds: d.min, maxSeconds: d.max });
          }}
        >
          <For each={DURATIONS}>{(d, i) => <option value={String(i())}>{d.label}</option>}</For>
        </select>
      </div>
      <div>
        <label for="calls-recording" class="label">
          הקלטה
        </label>
        <select
          id="calls-recording"
          class="input w-auto"
          value={props.filters.hasRecording ?? ''}
          onChange={select('hasRecording')}
        >
          <option value="">הכול</option>
          <option value="1">עם הקלטה</option>
          <option value="0">בלי הקלטה</option>
        </select>
      </div>
    </div>
  );
}
