import { createAsync } from '@solidjs/router';
import { createSignal, For, Show, Suspense } from 'solid-js';
import { LoadingBlock } from '../../ui/common';
import { type AssistantChannel, type DiffLine, getPromptDiff, type PromptVersion } from './data';
import { diffSummary } from './diff-summary';

/**
 * The line changes between any two versions. Added and removed lines carry a visible + or −
 * and hidden words for screen readers, so the change never rests on colour alone.
 */
export function PromptDiff(props: {
  businessId: string | undefined;
  channel: AssistantChannel;
  history: PromptVersion[];
}) {
  // Until the user picks, compare the previous version with the current one, following new saves.
  const [pickedFrom, setFrom] = createSignal<number>();
  const [pickedTo, setTo] = createSignal<number>();
  const from = () => pickedFrom() ?? props.history[1]?.version ?? props.history[0]?.version ?? 0;
  const to = () => pickedTo() ?? props.history[0]?.version ?? 0;
  const id = (part: string) => `diff-${props.channel}-${part}`;

  const picker = (label: string, part: string, value: () => number, set: (v: number) => void) => (
    <div>
      <label for={id(part)} class="label">
        {label}
      </label>
      <select id={id(part)} class="input w-32" onChange={(event) => set(Number(event.currentTarget.value))}>
        <For each={props.history}>
          {(version) => (
            <option value={version.version} selected={version.version === value()}>
              גרסה {version.version}
            </option>
          )}
        </For>
      </select>
    </div>
  );

  return (
    <section class="card" aria-labelledby={id('title')}>
      <div class="flex flex-wrap items-end justify-between gap-4 border-b border-slate-100 px-5 py-4">
        <h2 id={id('title')} class="text-base font-semibold text-slate-900">
          השוואת גרסאות
        </h2>
        <div class="flex items-end gap-3">
          {picker('מגרסה', 'from', from, setFrom)}
          {picker('לגרסה', 'to', to, setTo)}
        </div>
      </div>
      <Suspense fallback={<LoadingBlock label="טוען את ההשוואה…" />}>
        <DiffLines businessId={props.businessId} channel={props.channel} from={from()} to={to()} />
      </Suspense>
    </section>
  );
}

function DiffLines(props: {
  businessId: string | undefined;
  channel: AssistantChannel;
  from: number;
  to: number;
}) {
  const diff = createAsync(() => getPromptDiff(props.businessId, props.channel, props.from, props.to));
  return (
    <Show when={diff()}>
      {(loaded) => (
        <div class="p-5">
          <p role="status" class="mb-3 text-sm text-slate-600">
            {diffSummary(loaded().lines, loaded().from.version, loaded().to.version)}
          </p>
          <ol
            dir="rtl"
            aria-label={`השינויים מגרסה ${loaded().from.version} לגרסה ${loaded().to.version}`}
            class="overflow-hidden rounded-lg border border-slate-200 text-sm leading-relaxed"
          >
            <For each={loaded().lines}>{(line) => <DiffRow line={line} />}</For>
          </ol>
        </div>
      )}
    </Show>
  );
}

const ROW = {
  add: { marker: '+', spoken: 'נוסף: ', tone: 'bg-emerald-50 text-emerald-900' },
  del: { marker: '−', spoken: 'הוסר: ', tone: 'bg-red-50 text-red-900' },
  same: { marker: '', spoken: '', tone: 'text-slate-600' },
} as const;

function DiffRow(props: { line: DiffLine }) {
  const row = () => ROW[props.line.op];
  // An empty line keeps its height, so blank lines added or removed are still visible.
  const text = () => props.line.text || '\u00a0';
  return (
    <li class={`flex gap-2 px-3 py-0.5 ${row().tone}`} data-op={props.line.op}>
      <span aria-hidden="true" class="w-3 shrink-0 select-none text-center font-semibold">
        {row().marker}
      </span>
      <Show when={props.line.op !== 'same'} fallback={<span class="whitespace-pre-wrap">{text()}</span>}>
        <span class="sr-only">{row().spoken}</span>
        <Show when={props.line.op === 'add'} fallback={<del class="whitespace-pre-wrap">{text()}</del>}>
          <ins class="whitespace-pre-wrap no-underline">{text()}</ins>
        </Show>
      </Show>
    </li>
  );
}
