import { Show } from 'solid-js';
import { Icon } from '../../ui/Icon';
import { rangeText } from './dates';

/** Moves through time (back, today, forward) and switches between week and day views. */
export function CalendarToolbar(props: {
  view: 'week' | 'day';
  from: string | undefined;
  to: string | undefined;
  onView: (view: 'week' | 'day') => void;
  onToday: () => void;
  onStep: (direction: -1 | 1) => void;
}) {
  const unit = () => (props.view === 'day' ? 'היום' : 'השבוע');
  const toggle = (view: 'week' | 'day') =>
    `btn btn-sm ${props.view === view ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-600 hover:text-slate-900'}`;
  return (
    <div class="mb-4 flex flex-wrap items-center justify-between gap-3">
      <div class="flex items-center gap-2">
        <button
          type="button"
          class="btn-secondary btn-sm"
          aria-label={`${unit()} הקודם`}
          onClick={() => props.onStep(-1)}
        >
          <Icon name="back" />
        </button>
        <button type="button" class="btn-secondary btn-sm" onClick={() => props.onToday()}>
          היום
        </button>
        <button
          type="button"
          class="btn-secondary btn-sm"
          aria-label={`${unit()} הבא`}
          onClick={() => props.onStep(1)}
        >
          <Icon name="forward" />
        </button>
        <Show when={props.from && props.to}>
          <h2 class="ms-2 text-base font-semibold text-slate-900" aria-live="polite">
            {rangeText(props.from ?? '', props.to ?? '')}
          </h2>
        </Show>
      </div>
      <fieldset class="inline-flex gap-1 rounded-lg bg-slate-100 p-1">
        <legend class="sr-only">תצוגה</legend>
        <button
          type="button"
          class={toggle('week')}
          aria-pressed={props.view === 'week'}
          onClick={() => props.onView('week')}
        >
          שבוע
        </button>
        <button
          type="button"
          class={toggle('day')}
          aria-pressed={props.view === 'day'}
          onClick={() => props.onView('day')}
        >
          יום
        </button>
      </fieldset>
    </div>
  );
}
