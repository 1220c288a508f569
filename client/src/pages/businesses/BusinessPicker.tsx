import { createAsync } from '@solidjs/router';
import { For } from 'solid-js';
import { listBusinesses } from './data';

/** A select of every business, for the system admin's cross-business views. */
export function BusinessPicker(props: {
  value: string | undefined;
  onChange: (businessId: string | undefined) => void;
  emptyLabel: string;
}) {
  const businesses = createAsync(() => listBusinesses());
  return (
    <div class="w-full sm:w-72">
      <label for="business-picker" class="label">
        עסק
      </label>
      <select
        id="business-picker"
        class="input"
        onChange={(event) => props.onChange(event.currentTarget.value || undefined)}
      >
        <option value="" selected={!props.value}>
          {props.emptyLabel}
        </option>
        <For each={businesses()}>
          {(business) => (
            <option value={business.id} selected={business.id === props.value}>
              {business.name}
            </option>
          )}
        </For>
      </select>
    </div>
  );
}
