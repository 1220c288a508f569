import { For } from 'solid-js';

/** A status as a select offering only the moves the server allows; saves on change. */
export function StatusSelect<S extends string>(props: {
  id: string;
  label: string;
  value: S;
  labels: Record<S, string>;
  next: Record<S, S[]>;
  disabled: boolean;
  onChange: (status: S, select: HTMLSelectElement) => void;
}) {
  const options = () => [props.value, ...props.next[props.value]];
  return (
    <select
      id={props.id}
      aria-label={props.label}
      class="input py-1"
      disabled={props.disabled || props.next[props.value].length === 0}
      onChange={(event) => props.onChange(event.currentTarget.value as S, event.currentTarget)}
    >
      <For each={options()}>
        {(status) => (
          <option value={status} selected={status === props.value}>
            {props.labels[status]}
          </option>
        )}
      </For>
    </select>
  );
}
