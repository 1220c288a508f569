import { createSignal, For, onCleanup, Show } from 'solid-js';
import { createStore, produce } from 'solid-js/store';
import { api, withQuery } from '../../api';

/** A call in progress as GET /api/calls/live lists it (server/calls/live/live-calls.ts). */
export type LiveCall = {
  callId: string;
  from: string;
  startedAt: string;
  lines: { speaker: 'caller' | 'assistant' | 'system'; text: string; atMs: number; kind?: string }[];
  bargeIns: number;
};

type LiveEvent = { type: string; callId: string } & Record<string, unknown>;

const MAX_LINES = 50;
const SPEAKER: Record<LiveCall['lines'][number]['speaker'], string> = {
  caller: 'מתקשר/ת',
  assistant: 'העוזר',
  system: 'מערכת',
};

/**
 * The business's calls in progress, kept from the list the server has (a page opened mid-call)
 * and the call stream's live events after it (`handle`, fed by the page's one stream).
 */
export function createLiveCalls(businessId: () => string | undefined) {
  const [calls, setCalls] = createStore<LiveCall[]>([]);
  const find = (list: LiveCall[], id: string) => list.find((c) => c.callId === id);
  async function load() {
    const { calls: listed } = await api.get<{ calls: LiveCall[] }>(
      withQuery('/api/calls/live', { businessId: businessId() }),
    );
    setCalls(
      produce((list) => {
        for (const call of listed) {
          const known = find(list, call.callId);
          if (!known) list.push(call);
          else if (known.lines.length < call.lines.length) Object.assign(known, call);
        }
      }),
    );
  }
  function handle(e: LiveEvent) {
    setCalls(
      produce((list) => {
        if (e.type === 'live_start' && !find(list, e.callId))
          list.push({
            callId: e.callId,
            from: String(e.from),
            startedAt: String(e.startedAt),
            lines: [],
            bargeIns: 0,
          });
        const call = find(list, e.callId);
        if (!call) return;
        if (e.type === 'live_line') {
          call.lines.push({
            speaker: e.speaker as LiveCall['lines'][number]['speaker'],
            text: String(e.text),
            atMs: Number(e.atMs),
            kind: e.kind as string | undefined,
          });
          if (call.lines.length > MAX_LINES) call.lines.shift();
        } else if (e.type === 'live_barge_in') call.bargeIns++;
        else if (e.type === 'live_end') list.splice(list.indexOf(call), 1);
      }),
    );
  }
  return { calls, load, handle };
}

function duration(startedAt: string, now: number): string {
  const s = Math.max(0, Math.floor((now - Date.parse(startedAt)) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The calls in progress, each with its caller, a running duration and the transcript so far. */
export function LiveCallsPanel(props: { calls: LiveCall[] }) {
  const [now, setNow] = createSignal(Date.now());
  const tick = setInterval(() => setNow(Date.now()), 1000);
  onCleanup(() => clearInterval(tick));
  return (
    <Show when={props.calls.length > 0}>
      <section class="card mb-4" aria-labelledby="live-calls-title" data-testid="live-calls">
        <h2 id="live-calls-title" class="mb-3 flex items-center gap-2 text-base font-semibold">
          <span class="inline-block h-2.5 w-2.5 animate-pulse rounded-full bg-red-500" aria-hidden="true" />
          שיחות פעילות עכשיו ({props.calls.length})
        </h2>
        <ul class="grid gap-3 md:grid-cols-2">
          <For each={props.calls}>
            {(call) => (
              <li class="rounded-lg border border-slate-200 p-3" data-testid="live-call">
                <div class="mb-2 flex items-center justify-between gap-2 text-sm">
                  <span class="font-medium" dir="ltr">
                    {call.from}
                  </span>
                  <time class="tabular-nums text-slate-600" datetime={call.startedAt}>
                    <span class="sr-only">משך השיחה </span>
                    {duration(call.startedAt, now())}
                  </time>
                </div>
                <Show when={call.bargeIns > 0}>
                  <p class="mb-2 text-xs text-amber-700">המתקשר/ת קטע/ה את העוזר {call.bargeIns} פעמים</p>
                </Show>
                <ol
                  class="max-h-48 space-y-1 overflow-y-auto text-sm"
                  aria-live="polite"
                  aria-label="תמליל חי"
                >
                  <For each={call.lines.slice(-8)}>
                    {(line) => (
                      <li>
                        <span class="font-medium text-slate-500">{SPEAKER[line.speaker]}: </span>
                        <span>{line.text}</span>
                      </li>
                    )}
                  </For>
                  <Show when={call.lines.length === 0}>
                    <li class="text-slate-500">השיחה התחילה…</li>
                  </Show>
                </ol>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}
