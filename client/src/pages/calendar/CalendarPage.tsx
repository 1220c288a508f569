import { createAsync, revalidate, useAction, useSearchParams, useSubmission } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { withQuery } from '../../api';
import { ScopedPage } from '../../layout/ScopedPage';
import { useBusinessScope } from '../../scope';
import { FormAlert } from '../../ui/common';
import { LeadName } from '../../ui/Ltr';
import { AppointmentDialog } from './AppointmentDialog';
import { BookDialog } from './BookDialog';
import { CalendarGrid } from './CalendarGrid';
import { CalendarToolbar } from './CalendarToolbar';
import {
  type Appointment,
  getAppointmentSettings,
  getAvailability,
  listAppointments,
  type Slot,
  updateAppointment,
  WEEKDAYS,
} from './data';
import {
  addDays,
  clockText,
  isIsoDate,
  longDateText,
  minutesOf,
  todayIn,
  visibleHours,
  wallClock,
  weekDates,
  weekdayOf,
} from './dates';
import { bookingError } from './messages';

/**
 * The calendar: a week (Sunday first, right to left) or one day in the business's time
 * zone, its appointments and its free slots. Click a free slot to book it; click an
 * appointment to move or cancel it. The date and view live in the URL.
 */
export default function CalendarPage() {
  const scope = useBusinessScope();
  const [params, setParams] = useSearchParams<{ date?: string; view?: string }>();
  const settings = createAsync(async () =>
    scope.ready() ? getAppointmentSettings(scope.businessId()) : undefined,
  );
  const today = () => {
    const s = settings();
    return s ? todayIn(s.timezone, Date.now()) : undefined;
  };
  // A phone opens on one day (a week's seven columns do not fit); a wider screen on the week.
  const defaultView = window.matchMedia('(max-width: 639.98px)').matches ? 'day' : 'week';
  const view = () => (params.view === 'day' || params.view === 'week' ? params.view : defaultView);
  const date = () => (isIsoDate(params.date) ? params.date : today());
  const days = () => {
    const d = date();
    if (!d) return [];
    return view() === 'day' ? [d] : weekDates(d);
  };

  const [moving, setMoving] = createSignal<Appointment>();
  const [booking, setBooking] = createSignal<Slot>();
  const [opened, setOpened] = createSignal<Appointment>();
  const [notice, setNotice] = createSignal<string>();

  const range = () => {
    const list = days();
    return list.length ? { from: list[0] as string, to: list[list.length - 1] as string } : undefined;
  };
  const slots = createAsync(async () => {
    const r = range();
    return r ? getAvailability(scope.businessId(), r.from, r.to, moving()?.durationMinutes) : undefined;
  });
  const appointments = createAsync(async () => {
    const r = range();
    return r ? listAppointments(scope.businessId(), r.from, r.to) : undefined;
  });
  // Cancelled appointments free their time: the slot they held shows as free instead.
  const shown = () => (appointments() ?? []).filter((a) => a.status !== 'cancelled');

  const hours = () => {
    const s = settings();
    const spans = days().flatMap((d) =>
      (s?.weeklyHours[WEEKDAYS[weekdayOf(d)] ?? 'sun'] ?? []).map((r) => ({
        start: minutesOf(r.start),
        end: minutesOf(r.end),
      })),
    );
    for (const a of shown()) {
      const start = wallClock(a.startsAt).minutes;
      spans.push({ start, end: start + a.durationMinutes });
    }
    return visibleHours(spans);
  };

  const reschedule = useAction(updateAppointment);
  const moveSubmission = useSubmission(updateAppointment, (input) => 'startsAt' in input[2]);
  const leadHref = (leadId: string) =>
    withQuery(`/leads/${encodeURIComponent(leadId)}`, { businessId: scope.businessId() });

  async function moveTo(slot: Slot) {
    const appointment = moving();
    if (!appointment) return;
    try {
      const moved = await reschedule(scope.businessId(), appointment.id, { startsAt: slot.start });
      setMoving(undefined);
      setNotice(`הפגישה הועברה ל${describe(moved.startsAt)}.`);
    } catch {
      // Shown through moveSubmission.error; the grid refreshes in case the time was taken.
      void revalidate([getAvailability.key, listAppointments.key]);
    }
  }

  const step = () => (view() === 'day' ? 1 : 7);
  const go = (next: string | undefined, nextView = view()) => {
    moveSubmission.clear?.();
    setParams({ date: next, view: nextView === defaultView ? undefined : nextView });
  };

  return (
    <>
      <ScopedPage
        scope={scope}
        title="יומן"
        description={settings() ? `פגישות ושעות פנויות · אזור זמן ${settings()?.timezone}` : undefined}
        icon="calendar"
        choosePrompt="בחרו עסק מהרשימה כדי לראות את היומן שלו."
      >
        <CalendarToolbar
          view={view()}
          from={range()?.from}
          to={range()?.to}
          onView={(next) => go(date(), next)}
          onToday={() => go(undefined)}
          onStep={(direction) => {
            const d = date();
            if (d) go(addDays(d, direction * step()));
          }}
        />
        <Show when={notice()}>
          <p role="status" class="mb-4 rounded-lg bg-emerald-50 px-3 py-2.5 text-sm text-emerald-800">
            {notice()}
          </p>
        </Show>
        <Show when={moving()}>
          {(appointment) => (
            <div
              role="status"
              class="mb-4 flex flex-wrap items-center justify-between gap-3 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-inset ring-amber-600/20"
            >
              <span>
                בחרו שעה פנויה חדשה לפגישה של {describe(appointment().startsAt)} (
                <Show when={appointment().lead} fallback="ללא ליד">
                  {(lead) => <LeadName lead={lead()} />}
                </Show>
                ).
              </span>
              <button type="button" class="btn-secondary btn-sm" onClick={() => setMoving(undefined)}>
                ביטול ההעברה
              </button>
            </div>
          )}
        </Show>
        <Show when={moveSubmission.error}>
          <div class="mb-4">
            <FormAlert message={bookingError(moveSubmission.error)} />
          </div>
        </Show>
        <CalendarGrid
          days={days()}
          today={today()}
          hours={hours()}
          slots={slots() ?? []}
          slotMinutes={settings()?.slotMinutes ?? 30}
          appointments={shown()}
          mode={moving() ? 'move' : 'book'}
          onSlot={(slot) => {
            setNotice(undefined);
            if (moving()) void moveTo(slot);
            else setBooking(slot);
          }}
          onAppointment={(appointment) => {
            setMoving(undefined);
            setOpened(appointment);
          }}
          onDay={(d) => go(d, 'day')}
        />
      </ScopedPage>
      <BookDialog
        slot={booking()}
        businessId={scope.businessId()}
        slotMinutes={settings()?.slotMinutes ?? 30}
        onClose={() => setBooking(undefined)}
        onBooked={(appointment) => {
          setBooking(undefined);
          setNotice(`הפגישה נקבעה ל${describe(appointment.startsAt)}.`);
        }}
      />
      <AppointmentDialog
        appointment={opened()}
        businessId={scope.businessId()}
        leadHref={leadHref}
        onClose={() => setOpened(undefined)}
        onMove={(appointment) => {
          setOpened(undefined);
          moveSubmission.clear?.();
          setMoving(appointment);
        }}
        onCancelled={(appointment) => {
          setOpened(undefined);
          setNotice(`הפגישה של ${describe(appointment.startsAt)} בוטלה.`);
        }}
      />
    </>
  );
}

/** 'יום שני, 30 במרץ בשעה 10:00' */
function describe(iso: string): string {
  const at = wallClock(iso);
  return `${longDateText(at.date)} בשעה ${clockText(at.minutes)}`;
}
