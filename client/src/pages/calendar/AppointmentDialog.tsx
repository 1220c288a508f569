import { A, useAction, useSubmission } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { FormAlert } from '../../ui/common';
import { Dialog } from '../../ui/Dialog';
import { LeadName, Phone } from '../../ui/Ltr';
import { type Appointment, updateAppointment } from './data';
import { clockText, longDateText, wallClock } from './dates';
import { bookingError, STATUS_LABEL } from './messages';

const ACTIVE = new Set(['booked', 'confirmed']);

/** One appointment: who and when, a link to the lead, and (while active) move and cancel. */
export function AppointmentDialog(props: {
  appointment: Appointment | undefined;
  businessId: string | undefined;
  leadHref: (leadId: string) => string;
  onClose: () => void;
  onMove: (appointment: Appointment) => void;
  onCancelled: (appointment: Appointment) => void;
}) {
  return (
    <Dialog open={!!props.appointment} onClose={props.onClose} labelledBy="appointment-title">
      <Show when={props.appointment}>
        {(appointment) => <Details {...props} appointment={appointment()} />}
      </Show>
    </Dialog>
  );
}

function Details(props: {
  appointment: Appointment;
  businessId: string | undefined;
  leadHref: (leadId: string) => string;
  onClose: () => void;
  onMove: (appointment: Appointment) => void;
  onCancelled: (appointment: Appointment) => void;
}) {
  const update = useAction(updateAppointment);
  const submission = useSubmission(updateAppointment, (input) => input[1] === props.appointment.id);
  submission.clear?.();
  const [confirming, setConfirming] = createSignal(false);
  const start = () => wallClock(props.appointment.startsAt);
  const end = () => wallClock(props.appointment.endsAt);
  const active = () => ACTIVE.has(props.appointment.status);

  async function cancel() {
    try {
      props.onCancelled(await update(props.businessId, props.appointment.id, { status: 'cancelled' }));
    } catch {
      setConfirming(false); // shown through submission.error
    }
  }

  return (
    <div class="space-y-5 p-6">
      <div>
        <h2 id="appointment-title" class="text-base font-semibold text-slate-900">
          פגישה · {STATUS_LABEL[props.appointment.status]}
        </h2>
        <p class="mt-1 text-sm text-slate-500">
          {longDateText(start().date)},{' '}
          <span dir="ltr" class="tabular-nums">
            {clockText(start().minutes)}–{clockText(end().minutes)}
          </span>
        </p>
      </div>
      <FormAlert message={submission.error ? bookingError(submission.error) : undefined} />
      <dl class="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        <dt class="text-slate-500">ליד</dt>
        <dd>
          <Show when={props.appointment.lead} fallback={<span class="text-slate-400">ללא ליד</span>}>
            {(lead) => (
              <A
                href={props.leadHref(lead().id)}
                class="focusable rounded font-medium text-brand-700 hover:underline"
              >
                <LeadName lead={lead()} />
              </A>
            )}
          </Show>
        </dd>
        <Show when={props.appointment.lead}>
          {(lead) => (
            <>
              <dt class="text-slate-500">טלפון</dt>
              <dd>
                <Phone e164={lead().phone} links />
              </dd>
            </>
          )}
        </Show>
        <Show when={props.appointment.notes}>
          <dt class="text-slate-500">הערות</dt>
          <dd class="whitespace-pre-line">{props.appointment.notes}</dd>
        </Show>
      </dl>

      <Show
        when={confirming()}
        fallback={
          <div class="flex flex-wrap gap-2 border-t border-slate-100 pt-5">
            <Show when={active()}>
              <button type="button" class="btn-primary" onClick={() => props.onMove(props.appointment)}>
                העברה למועד אחר
              </button>
              <button type="button" class="btn-danger" onClick={() => setConfirming(true)}>
                ביטול הפגישה
              </button>
            </Show>
            <button type="button" class="btn-secondary" onClick={() => props.onClose()}>
              סגירה
            </button>
          </div>
        }
      >
        <div class="space-y-3 rounded-lg bg-red-50 p-4">
          <p id="cancel-question" class="text-sm font-medium text-red-800">
            לבטל את הפגישה? השעה תתפנה מיד לאחרים.
          </p>
          <div class="flex gap-2">
            <button type="button" class="btn-danger" disabled={submission.pending} onClick={cancel}>
              {submission.pending ? 'מבטלים…' : 'כן, לבטל'}
            </button>
            <button type="button" class="btn-secondary" onClick={() => setConfirming(false)}>
              חזרה
            </button>
          </div>
        </div>
      </Show>
    </div>
  );
}
