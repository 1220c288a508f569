import { For, Show } from 'solid-js';
import { LeadName } from '../../ui/Ltr';
import { leadTitle } from '../leads/labels';
import type { Appointment, AppointmentStatus, Slot } from './data';
import {
  clockText,
  gridRows,
  longDateText,
  ROW_MINUTES,
  rowClass,
  shortDateText,
  wallClock,
  weekdayName,
} from './dates';
import { STATUS_LABEL } from './messages';

export type GridProps = {
  /** Local dates in DOM order (Sunday first): the RTL page lays them out right to left. */
  days: string[];
  today: string | undefined;
  hours: { start: number; end: number };
  slots: Slot[];
  /** How tall a free slot is drawn: the step between slot starts, so slots never overlap. */
  slotMinutes: number;
  appointments: Appointment[];
  /** 'move': free slots are targets for the appointment being moved. */
  mode: 'book' | 'move';
  onSlot: (slot: Slot) => void;
  onAppointment: (appointment: Appointment) => void;
  onDay: (date: string) => void;
};

const TONES: Record<AppointmentStatus, string> = {
  booked: 'bg-brand-600 text-white hover:bg-brand-700',
  confirmed: 'bg-emerald-600 text-white hover:bg-emerald-700',
  completed: 'bg-slate-200 text-slate-700 hover:bg-slate-300',
  no_show: 'bg-amber-100 text-amber-900 hover:bg-amber-200',
  cancelled: 'bg-white text-slate-400 line-through ring-1 ring-slate-200',
};

/**
 * The week (or day) grid. Columns are the days; inside each, one CSS grid row per
 * ROW_MINUTES, so appointments and free slots are placed by time with classes alone.
 * Free slots and appointments are buttons, in time order, so the keyboard reaches all.
 */
export function CalendarGrid(props: GridProps) {
  const hourMarks = () => {
    const marks: number[] = [];
    for (let m = props.hours.start; m < props.hours.end; m += 60) marks.push(m);
    return marks;
  };
  const place = (start: number, end: number) => rowClass(gridRows({ start, end }, props.hours));
  const cols = () =>
    props.days.length === 1
      ? 'grid-cols-[3.5rem_minmax(0,1fr)]'
      : 'min-w-[52rem] grid-cols-[3.5rem_repeat(7,minmax(0,1fr))]';

  return (
    <div class="card overflow-x-auto">
      <div class={`grid ${cols()}`}>
        <div class="sticky top-0 z-30 border-b border-slate-200 bg-white" />
        <For each={props.days}>
          {(date) => (
            <div class="sticky top-0 z-30 border-b border-s border-slate-200 bg-white px-2 py-2 text-center">
              <button
                type="button"
                class={`focusable w-full rounded-md px-1 py-1 text-sm hover:bg-slate-50 ${
                  date === props.today ? 'text-brand-700' : 'text-slate-700'
                }`}
                aria-label={`הצגת ${longDateText(date)} בתצוגת יום`}
                aria-current={date === props.today ? 'date' : undefined}
                onClick={() => props.onDay(date)}
              >
                <span class="block text-xs font-medium">{weekdayName(date)}</span>
                <span
                  class={`mt-0.5 inline-flex min-w-8 items-center justify-center rounded-full px-1.5 text-base font-semibold tabular-nums ${
                    date === props.today ? 'bg-brand-600 text-white' : ''
                  }`}
                >
                  {shortDateText(date)}
                </span>
              </button>
            </div>
          )}
        </For>

        <div class="grid auto-rows-[0.375rem]" aria-hidden="true">
          <For each={hourMarks()}>
            {(minutes) => (
              <div
                class={`${place(minutes, minutes + 60)} col-start-1 pe-2 pt-1 text-end text-xs text-slate-400 tabular-nums`}
              >
                {clockText(minutes)}
              </div>
            )}
          </For>
        </div>

        <For each={props.days}>
          {(date) => (
            <section
              aria-label={longDateText(date)}
              class={`grid auto-rows-[0.375rem] border-s border-slate-200 ${
                date === props.today ? 'bg-brand-50/30' : ''
              }`}
            >
              <For each={hourMarks()}>
                {(minutes) => (
                  <div
                    class={`${place(minutes, minutes + 60)} col-start-1 border-t border-slate-100`}
                    aria-hidden="true"
                  />
                )}
              </For>
              <DayItems date={date} {...props} place={place} />
            </section>
          )}
        </For>
      </div>
    </div>
  );
}

type DayItemsProps = GridProps & { date: string; place: (start: number, end: number) => string };

/** One day's free slots and appointments, merged in time order for a sensible tab order. */
function DayItems(props: DayItemsProps) {
  type Item =
    | { kind: 'slot'; start: number; slot: Slot }
    | { kind: 'appointment'; start: number; appointment: Appointment };
  const items = (): Item[] => {
    const list: Item[] = [];
    for (const slot of props.slots) {
      const at = wallClock(slot.start);
      if (at.date === props.date) list.push({ kind: 'slot', start: at.minutes, slot });
    }
    for (const appointment of props.appointments) {
      const at = wallClock(appointment.startsAt);
      if (at.date === props.date) list.push({ kind: 'appointment', start: at.minutes, appointment });
    }
    return list.sort((a, b) => a.start - b.start);
  };
  return (
    <For each={items()}>
      {(item) =>
        item.kind === 'slot' ? (
          <SlotButton {...props} slot={item.slot} start={item.start} />
        ) : (
          <AppointmentButton {...props} appointment={item.appointment} start={item.start} />
        )
      }
    </For>
  );
}

function SlotButton(props: DayItemsProps & { slot: Slot; start: number }) {
  const height = () => Math.max(ROW_MINUTES, Math.min(props.slotMinutes, minutesBetween(props.slot)));
  const label = () =>
    `${props.mode === 'move' ? 'העברה ל' : 'קביעת פגישה ב'}${longDateText(props.date)} בשעה ${clockText(props.start)}`;
  return (
    <button
      type="button"
      class={`${props.place(props.start, props.start + height())} focusable z-10 col-start-1 mx-1 my-px flex items-center justify-center overflow-hidden rounded-md border border-dashed text-xs tabular-nums transition-colors ${
        props.mode === 'move'
          ? 'border-amber-400 bg-amber-50 text-amber-900 hover:bg-amber-100'
          : 'border-emerald-300 bg-emerald-50/70 text-emerald-800 hover:bg-emerald-100'
      }`}
      aria-label={label()}
      title={label()}
      onClick={() => props.onSlot(props.slot)}
    >
      {clockText(props.start)}
    </button>
  );
}

function AppointmentButton(props: DayItemsProps & { appointment: Appointment; start: number }) {
  const who = () => (props.appointment.lead ? leadTitle(props.appointment.lead) : 'ללא ליד');
  const end = () => props.start + props.appointment.durationMinutes;
  return (
    <button
      type="button"
      class={`${props.place(props.start, end())} focusable z-20 col-start-1 mx-1 my-px flex flex-col items-start overflow-hidden rounded-md px-2 py-0.5 text-start text-xs shadow-sm ${
        TONES[props.appointment.status]
      }`}
      aria-label={`פגישה ${clockText(props.start)}–${clockText(end())}, ${who()}, ${STATUS_LABEL[props.appointment.status]}`}
      onClick={() => props.onAppointment(props.appointment)}
    >
      {/* Times read left to right even in Hebrew: 10:00–10:30, never 10:30–10:00. */}
      <span dir="ltr" class="font-semibold tabular-nums">
        {clockText(props.start)}–{clockText(end())}
      </span>
      <Show when={props.appointment.durationMinutes >= 25}>
        <span class="w-full truncate">
          <Show when={props.appointment.lead} fallback="ללא ליד">
            {(lead) => <LeadName lead={lead()} />}
          </Show>
        </span>
      </Show>
    </button>
  );
}

function minutesBetween(slot: Slot): number {
  return Math.round((Date.parse(slot.end) - Date.parse(slot.start)) / 60_000);
}
