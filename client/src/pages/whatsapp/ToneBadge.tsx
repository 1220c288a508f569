import type { ParentProps } from 'solid-js';
import type { Tone } from './status';

// The shared Badge has no red: here a failure must stand out from a wait.
const TONES: Record<Tone, string> = {
  green: 'bg-emerald-50 text-emerald-700 ring-1 ring-inset ring-emerald-600/20',
  amber: 'bg-amber-50 text-amber-800 ring-1 ring-inset ring-amber-600/20',
  slate: 'bg-slate-100 text-slate-600 ring-1 ring-inset ring-slate-500/20',
  red: 'bg-red-50 text-red-700 ring-1 ring-inset ring-red-600/20',
};

export function ToneBadge(props: ParentProps<{ tone: Tone }>) {
  return (
    <span class={`badge ${TONES[props.tone]}`}>
      <span class="h-1.5 w-1.5 rounded-full bg-current" aria-hidden="true" />
      {props.children}
    </span>
  );
}
