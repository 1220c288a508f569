import type { JSX, ParentProps } from 'solid-js';
import { Show } from 'solid-js';

/** The title row of a page, with optional actions at the end side. */
export function PageHeader(props: { title: JSX.Element; description?: string; actions?: JSX.Element }) {
  return (
    <header class="mb-8 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 class="text-2xl font-semibold tracking-tight text-slate-900">{props.title}</h1>
        <Show when={props.description}>
          <p class="mt-1 text-sm text-slate-500">{props.description}</p>
        </Show>
      </div>
      {props.actions}
    </header>
  );
}

const BADGE_TONES = {
  green: 'bg-emerald-50 text-emerald-700 ring-1 ring-inset ring-emerald-600/20',
  amber: 'bg-amber-50 text-amber-800 ring-1 ring-inset ring-amber-600/20',
  slate: 'bg-slate-100 text-slate-600 ring-1 ring-inset ring-slate-500/20',
  brand: 'bg-brand-50 text-brand-700 ring-1 ring-inset ring-brand-600/20',
} as const;

export function Badge(props: ParentProps<{ tone: keyof typeof BADGE_TONES; dot?: boolean }>) {
  return (
    <span class={`badge ${BADGE_TONES[props.tone]}`}>
      <Show when={props.dot}>
        <span class="h-1.5 w-1.5 rounded-full bg-current" aria-hidden="true" />
      </Show>
      {props.children}
    </span>
  );
}

/** A form-level message; role="alert" so screen readers announce it when it appears. */
export function FormAlert(props: { message?: string }) {
  return (
    <Show when={props.message}>
      <p
        role="alert"
        class="rounded-lg bg-red-50 px-3 py-2.5 text-sm text-red-700 ring-1 ring-inset ring-red-600/15"
      >
        {props.message}
      </p>
    </Show>
  );
}

export function EmptyState(props: ParentProps<{ title: string; description?: string; icon?: JSX.Element }>) {
  return (
    <div class="flex flex-col items-center justify-center px-6 py-16 text-center">
      <Show when={props.icon}>
        <div class="mb-4 flex h-12 w-12 items-center justify-center rounded-full bg-slate-100 text-slate-500">
          {props.icon}
        </div>
      </Show>
      <h2 class="text-base font-semibold text-slate-900">{props.title}</h2>
      <Show when={props.description}>
        <p class="mt-1.5 max-w-md text-sm text-slate-500">{props.description}</p>
      </Show>
      {props.children}
    </div>
  );
}

/** A calm placeholder while a page's data loads. */
export function LoadingBlock(props: { label?: string }) {
  return (
    <div role="status" class="card flex items-center gap-3 px-6 py-10 text-sm text-slate-500">
      <span
        class="h-4 w-4 animate-spin rounded-full border-2 border-slate-300 border-t-brand-600"
        aria-hidden="true"
      />
      {props.label ?? 'טוען…'}
    </div>
  );
}
