import { useAction, useSubmission } from '@solidjs/router';
import { createEffect, createSignal, For, Match, on, Show, Switch } from 'solid-js';
import { errorMessage } from '../../errors';
import { FormAlert } from '../../ui/common';
import { RecordingPlayer } from '../../ui/RecordingPlayer';
import type { AppointmentStatus } from '../calendar/data';
import { clockText, longDateText, wallClock } from '../calendar/dates';
import { STATUS_LABEL } from '../calendar/messages';
import type { CallOutcome } from '../calls/data';
import { ANALYSIS_STATUS_LABEL, OUTCOME_LABEL } from '../calls/labels';
import { COLUMN_LABEL as TASK_COLUMN_LABEL } from '../tasks/board';
import type { TaskColumn } from '../tasks/types';
import { addNote, getTimeline, type TimelineEntry, type TimelinePage } from './data';
import { formatDateTime } from './labels';

const str = (value: unknown) => (typeof value === 'string' ? value : '');
const byName = (data: Record<string, unknown>) => {
  const by = data.by as { name?: string } | null | undefined;
  return by?.name ?? '';
};

/**
 * Everything that happened with the lead, newest first, with a form to add a note on top;
 * older entries a page at a time. When the first page changes (a note added) the older
 * pages are let go: they continued from its old end, so keeping them could skip an entry.
 */
export function LeadTimeline(props: {
  businessId: string | undefined;
  leadId: string;
  first: TimelinePage | undefined;
  canWrite: boolean;
}) {
  const [older, setOlder] = createSignal<TimelinePage[]>([]);
  const [loading, setLoading] = createSignal(false);
  const [loadError, setLoadError] = createSignal<unknown>();
  createEffect(
    on(
      () => props.first,
      () => setOlder([]),
    ),
  );
  const entries = () => [...(props.first?.timeline ?? []), ...older().flatMap((p) => p.timeline)];
  const next = () => {
    const pages = older();
    return pages.length ? (pages[pages.length - 1]?.next ?? null) : (props.first?.next ?? null);
  };
  async function loadMore() {
    const after = next();
    if (!after || loading()) return;
    setLoading(true);
    setLoadError(undefined);
    try {
      const page = await getTimeline(props.businessId, props.leadId, after);
      setOlder([...older(), page]);
    } catch (error) {
      setLoadError(error);
    } finally {
      setLoading(false);
    }
  }
  return (
    <section aria-labelledby="timeline-title" class="card p-5">
      <h2 id="timeline-title" class="mb-4 text-base font-semibold text-slate-900">
        ציר זמן
      </h2>
      <Show when={props.canWrite}>
        <NoteForm businessId={props.businessId} leadId={props.leadId} />
      </Show>
      <Show when={entries().length} fallback={<p class="text-sm text-slate-500">אין עדיין פעילות.</p>}>
        <ol class="relative space-y-4 border-s border-slate-200 ps-5">
          <For each={entries()}>
            {(entry) => (
              <li class="relative">
                <span
                  class="absolute -start-[1.6rem] top-1.5 h-2.5 w-2.5 rounded-full border-2 border-white bg-brand-500"
                  aria-hidden="true"
                />
                <Entry entry={entry} businessId={props.businessId} />
                <p class="mt-0.5 text-xs text-slate-400">
                  <time datetime={entry.at}>{formatDateTime(entry.at)}</time>
                  <Show when={byName(entry.data)}>{(name) => ` · ${name()}`}</Show>
                </p>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <FormAlert message={loadError() ? errorMessage(loadError()) : undefined} />
      <Show when={next()}>
        <button type="button" class="btn-secondary btn-sm mt-4" disabled={loading()} onClick={loadMore}>
          {loading() ? 'טוענים…' : 'פעילות קודמת'}
        </button>
      </Show>
    </section>
  );
}

function Entry(props: { entry: TimelineEntry; businessId: string | undefined }) {
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
          <Show when={data().missed === true} fallback="שיחת טלפון">
            <span class="text-red-700">שיחה שלא נענתה</span>
          </Show>
          <Show when={typeof data().durationMs === 'number'}>
            {' '}
            · {durationText(Number(data().durationMs))}
          </Show>
          <Show when={data().hasRecording === true}>
            {' · '}
            {RECORDING_LABEL[str(data().recordingStatus)] ?? 'מוקלטת'}
          </Show>
        </p>
        <Show when={typeof data().summary === 'string' && str(data().summary)}>
          {(summary) => (
            <p class="mt-1 rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-800" data-call-summary>
              <Show when={OUTCOME_LABEL[data().outcome as CallOutcome]}>
                {(label) => <span class="font-medium">{label()}: </span>}
              </Show>
              {summary()}
            </p>
          )}
        </Show>
        <Show when={data().analysisStatus === 'pending'}>
          <p class="mt-1 text-xs text-slate-500">{ANALYSIS_STATUS_LABEL.pending}</p>
        </Show>
        <Show when={data().hasRecording === true && data().recordingStatus !== 'lost'}>
          <RecordingPlayer callId={props.entry.id} businessId={props.businessId} />
        </Show>
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

/** What became of the call's recording (server: call_recordings.status). */
const RECORDING_LABEL: Record<string, string> = {
  complete: 'מוקלטת',
  partial: 'מוקלטת בחלקה (האחסון לא היה זמין לזמן מה)',
  lost: 'ההקלטה אבדה',
};

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
