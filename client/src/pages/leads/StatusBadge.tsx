import { ColorDot } from '../../ui/ColorDot';

/** A lead status as a neutral pill with the status's own colour as a dot. */
export function StatusBadge(props: { status: { name: string; color: string } }) {
  return (
    <span class="badge bg-white text-slate-700 ring-1 ring-inset ring-slate-200">
      <ColorDot color={props.status.color} class="h-2 w-2 shrink-0" />
      {props.status.name}
    </span>
  );
}
