import { revalidate, useAction, useSubmission } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { fieldErrors } from '../../errors';
import { text } from '../../forms';
import { FormAlert } from '../../ui/common';
import { Dialog } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { LeadSearch } from '../leads/LeadSearch';
import {
  type Appointment,
  type BookingInput,
  bookAppointment,
  getAvailability,
  listAppointments,
  type Slot,
} from './data';
import { clockText, longDateText, wallClock } from './dates';
import { bookingError } from './messages';

const HINTS = {
  phone: 'יש להזין מספר טלפון תקין.',
  lead: 'יש להזין מספר טלפון תקין.',
  leadId: 'יש לבחור ליד מהרשימה.',
  notes: 'ההערה ארוכה מדי.',
};

/** Books the chosen free slot for a new contact (name and phone) or an existing lead. */
export function BookDialog(props: {
  slot: Slot | undefined;
  businessId: string | undefined;
  slotMinutes: number;
  onClose: () => void;
  onBooked: (appointment: Appointment) => void;
}) {
  return (
    <Dialog open={!!props.slot} onClose={props.onClose} labelledBy="book-title">
      <Show when={props.slot}>{(slot) => <BookForm {...props} slot={slot()} />}</Show>
    </Dialog>
  );
}

function BookForm(props: {
  slot: Slot;
  businessId: string | undefined;
  slotMinutes: number;
  onClose: () => void;
  onBooked: (appointment: Appointment) => void;
}) {
  const book = useAction(bookAppointment);
  const submission = useSubmission(bookAppointment);
  submission.clear?.();
  // One key per opened form: a double click or a retried request books once.
  const idempotencyKey = crypto.randomUUID();
  const [who, setWho] = createSignal<'new' | 'existing'>('new');
  const [missingLead, setMissingLead] = createSignal(false);
  const at = () => wallClock(props.slot.start);
  const durations = () => [1, 2, 3, 4].map((n) => n * props.slotMinutes).filter((m) => m <= 12 * 60);
  const errors = (): Record<string, string | undefined> => ({
    ...fieldErrors(submission.error, HINTS),
    ...(missingLead() ? { leadId: HINTS.leadId } : {}),
  });

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const input: BookingInput = {
      startsAt: props.slot.start,
      durationMinutes: Number(text(form, 'duration')) || props.slotMinutes,
      idempotencyKey,
      ...(text(form, 'notes') ? { notes: text(form, 'notes') } : {}),
    };
    if (who() === 'existing') {
      const leadId = text(form, 'leadId');
      setMissingLead(!leadId);
      if (!leadId) return;
      input.leadId = leadId;
    } else if (text(form, 'phone')) {
      input.lead = {
        phone: text(form, 'phone'),
        ...(text(form, 'name') ? { name: text(form, 'name') } : {}),
      };
    }
    try {
      props.onBooked(await book(props.businessId, input));
    } catch {
      // Shown through submission.error. Someone may have taken the time meanwhile: the
      // grid behind the dialog refreshes so it stops offering it.
      void revalidate([getAvailability.key, listAppointments.key]);
    }
  }

  return (
    <form onSubmit={onSubmit} class="space-y-5 p-6" novalidate>
      <div>
        <h2 id="book-title" class="text-base font-semibold text-slate-900">
          קביעת פגישה
        </h2>
        <p class="mt-1 text-sm text-slate-500">
          {longDateText(at().date)} בשעה <span class="tabular-nums">{clockText(at().minutes)}</span>
        </p>
      </div>
      <FormAlert message={submission.error ? bookingError(submission.error) : undefined} />

      <fieldset class="space-y-3">
        <legend class="label">עבור מי</legend>
        <div class="flex gap-4 text-sm">
          <label class="flex items-center gap-2">
            <input
              type="radio"
              name="who"
              value="new"
              class="accent-brand-600"
              checked={who() === 'new'}
              onChange={() => setWho('new')}
            />
            ליד חדש
          </label>
          <label class="flex items-center gap-2">
            <input
              type="radio"
              name="who"
              value="existing"
              class="accent-brand-600"
              checked={who() === 'existing'}
              onChange={() => setWho('existing')}
            />
            ליד קיים
          </label>
        </div>
        <Show
          when={who() === 'existing'}
          fallback={
            <div class="grid gap-4 sm:grid-cols-2">
              <Field label="שם" name="name" id="book-name" autocomplete="off" />
              <Field
                label="טלפון"
                name="phone"
                id="book-phone"
                type="tel"
                dir="ltr"
                inputmode="tel"
                autocomplete="off"
                error={errors().phone ?? errors().lead}
                hint="אפשר להשאיר ריק לפגישה ללא ליד."
              />
            </div>
          }
        >
          <LeadSearch businessId={props.businessId} name="leadId" id="book-lead-search" label="חיפוש ליד" />
          <Show when={errors().leadId}>
            <p class="field-error">{errors().leadId}</p>
          </Show>
        </Show>
      </fieldset>

      <div class="grid gap-4 sm:grid-cols-2">
        <div>
          <label for="book-duration" class="label">
            משך
          </label>
          <select id="book-duration" name="duration" class="input">
            <For each={durations()}>{(minutes) => <option value={minutes}>{`${minutes} דקות`}</option>}</For>
          </select>
        </div>
      </div>
      <div>
        <label for="book-notes" class="label">
          הערות
        </label>
        <textarea id="book-notes" name="notes" rows="2" maxLength={2000} class="input" />
      </div>

      <div class="flex gap-2 border-t border-slate-100 pt-5">
        <button type="submit" class="btn-primary" disabled={submission.pending}>
          {submission.pending ? 'קובעים…' : 'קביעת הפגישה'}
        </button>
        <button type="button" class="btn-secondary" onClick={() => props.onClose()}>
          ביטול
        </button>
      </div>
    </form>
  );
}
