import { useAction, useSubmission } from '@solidjs/router';
import { For, Match, Show, Switch } from 'solid-js';
import { errorMessage } from '../../errors';
import { FormAlert } from '../../ui/common';
import type { AppointmentStatus } from '../calendar/data';
import { clockText, longDateText, wallClock } from '../calendar/dates';
import { STATUS_LABEL } from '../calendar/messages';
import { COLUMN_LABEL as TASK_COLUMN_LABEL } from '../tasks/board';
import type { TaskColumn } from '../tasks/types';
import { addNote, type TimelineEntry } from './data';
import { formatDateTime } from './labels';

const str = (value: unknown) => (typeof value === 'string' ? value : '');
const byName = (data: Record<string, unknown>) => {
  const by = data.by as { name?: string } | null | undefined;
  return by?.name ?? '';
};

/** Everything that happened with the lead, newest first, with a form to add a note on top. */
export function LeadTimeline(props: {
  businessId: string | undefined;
  leadId: string;
  entries: TimelineEntry[];
  canWrite: boolean;
}) {
  return (
    <section aria-labelledby="timeline-title" class="card p-5">
      <h2 id="timeline-title" class="mb-4 text-base font-semibold text-slate-900">
        ציר זמן
      </h2>
      <Show when={props.canWrite}>
        <NoteForm businessId={props.businessId} leadId={props.leadId} />
      </Show>
      <Show when={props.entries.length} fallback={<p class="text-sm text-slate-500">אין עדיין פעילות.</p>}>
        <ol class="relative space-y-4 border-s border-slate-200 ps-5">
          <For each={props.entries}>
            {(entry) => (
              <li class="relative">
                <span
                  class="absolute -start-[1.6rem] top-1.5 h-2.5 w-2.5 rounded-full border-2 border-white bg-brand-500"
                  aria-hidden="true"
                />
                <Entry entry={entry} />
                <p class="mt-0.5 text-xs text-slate-400">
                  <time datetime={entry.at}>{formatDateTime(entry.at)}</time>
                  <Show when={byName(entry.data)}>{(name) => ` · ${name()}`}</Show>
                </p>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </section>
  );
}

function Entry(props: { entry: TimelineEntry }) {
  const data = () => props.entry.data;
  return (
    <Switch fallback={<p class="text-sm text-slate-700">פעילות</p>}>
      <Match when={props.entry.kind === 'status_change'}>
        <p class="text-sm text-slate-700">
          <Show when={data().from} fallback={<>הליד נוצר בסטטוס "{str(data().to)}"</>}>
            הסטטוס שונה מ"{str(data().from)}" ל"{str(data().to)}"
          </Show>
        </p>
      </Match>
      <Match when={props.entry.kind === 'note'}>
        <p class="whitespace-pre-line rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-800">
          {str(data().body)}
        </p>
      </Match>
      <Match when={props.entry.kind === 'task'}>
        <p class="text-sm text-slate-700">
          משימה: {str(data().title)} · {TASK_COLUMN_LABEL[data().column as TaskColumn] ?? str(data().column)}
        </p>
      </Match>
      <Match when={props.entry.kind === 'call'}>
        <p class="text-sm text-slate-700">
          שיחת טלפון
          <Show when={typeof data().durationMs === 'number'}>
            {' '}
            · {durationText(Number(data().durationMs))}
          </Show>
          <Show when={data().hasRecording === true}> · מוקלטת</Show>
        </p>
      </Match>
      <Match when={props.entry.kind === 'message'}>
        <MessageEntry data={data()} />
      </Match>
      <Match when={props.entry.kind === 'appointment'}>
        <p class="text-sm text-slate-700">
          פגישה ל{describe(str(data().startsAt))} ·{' '}
          {STATUS_LABEL[data().status as AppointmentStatus] ?? str(data().status)}
        </p>
      </Match>
    </Switch>
  );
}

const OUTGOING_STATUS: Record<string, string> = {
  pending: 'ממתינה למשלוח',
  sent: 'נשלחה',
  failed: 'לא נשלחה',
};

/** A WhatsApp message: what the customer wrote, or what went to them and whether it arrived. */
function MessageEntry(props: { data: Record<string, unknown> }) {
  const incoming = () => props.data.direction === 'in';
  return (
    <div class="space-y-1">
      <p class="text-xs font-medium text-slate-500">
        {incoming() ? 'וואטסאפ מהלקוח' : 'וואטסאפ ללקוח'}
        <Show when={!incoming()}>
          {' · '}
          <span classList={{ 'text-red-600': props.data.status === 'failed' }}>
            {OUTGOING_STATUS[str(props.data.status)] ?? str(props.data.status)}
          </span>
          <Show when={str(props.data.failure)}>{(failure) => ` (${failure()})`}</Show>
        </Show>
      </p>
      <p
        class="whitespace-pre-line rounded-lg px-3 py-2 text-sm text-slate-800"
        classList={{ 'bg-emerald-50': incoming(), 'bg-slate-50': !incoming() }}
      >
        {props.data.body === null ? 'הודעה שאינה טקסט (תמונה, הקלטה או מדבקה)' : str(props.data.body)}
      </p>
    </div>
  );
}

function durationText(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')} דק׳`;
}

function describe(iso: string): string {
  if (!iso) return '';
  const at = wallClock(iso);
  return `${longDateText(at.date)} בשעה ${clockText(at.minutes)}`;
}

function NoteForm(props: { businessId: string | undefined; leadId: string }) {
  const add = useAction(addNote);
  const submission = useSubmission(addNote, (input) => input[1] === props.leadId);
  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const body = String(new FormData(form).get('body') ?? '').trim();
    if (!body) return;
    try {
      await add(props.businessId, props.leadId, body);
      form.reset();
    } catch {
      // shown through submission.error
    }
  }
  return (
    <form onSubmit={onSubmit} class="mb-6 space-y-2" aria-label="הוספת הערה">
      <FormAlert message={submission.error ? errorMessage(submission.error) : undefined} />
      <label for="note-body" class="sr-only">
        הערה חדשה
      </label>
      <textarea
        id="note-body"
        name="body"
        rows="2"
        maxLength={5000}
        required
        class="input"
        placeholder="הערה חדשה…"
      />
      <button type="submit" class="btn-secondary btn-sm" disabled={submission.pending}>
        {submission.pending ? 'שומרים…' : 'הוספת הערה'}
      </button>
    </form>
  );
}
