import { For, onCleanup, Show } from 'solid-js';
import { LEAD_SOURCES, type LeadFilters, type LeadStatus } from './data';
import { SOURCE_LABEL } from './labels';

/**
 * Search (Hebrew as typed, names, phones, emails and notes) and the status, source and
 * assignee filters. Typing searches after a short pause; Enter searches at once.
 */
export function LeadFiltersBar(props: {
  filters: LeadFilters;
  statuses: LeadStatus[];
  /** Users leads may be assigned to; without the permission to list users, only "me". */
  assignees: { id: string; name: string }[];
  /** The board groups by status itself, so it hides the status filter. */
  showStatus: boolean;
  onChange: (filters: LeadFilters) => void;
}) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  const search = (value: string) => {
    clearTimeout(timer);
    props.onChange({ q: value.trim() || undefined });
  };
  const select = (key: keyof LeadFilters) => (event: Event & { currentTarget: HTMLSelectElement }) =>
    props.onChange({ [key]: event.currentTarget.value || undefined });

  return (
    <div class="mb-4 flex flex-wrap items-end gap-3">
      <form
        class="min-w-60 flex-1"
        onSubmit={(event) => {
          event.preventDefault();
          const input = event.currentTarget.elements.namedItem('q') as HTMLInputElement;
          search(input.value);
        }}
      >
        <label for="leads-search" class="label">
          חיפוש
        </label>
        <input
          id="leads-search"
          name="q"
          type="search"
          class="input"
          placeholder="שם, טלפון, אימייל או הערה"
          value={props.filters.q ?? ''}
          onInput={(event) => {
            const value = event.currentTarget.value;
            clearTimeout(timer);
            timer = setTimeout(() => search(value), 350);
          }}
        />
      </form>
      <Show when={props.showStatus}>
        <div>
          <label for="leads-status" class="label">
            סטטוס
          </label>
          <select id="leads-status" class="input w-auto" onChange={select('status')}>
            <option value="">הכול</option>
            <For each={props.statuses}>
              {(status) => (
                <option value={status.id} selected={status.id === props.filters.status}>
                  {status.retired ? `${status.name} (לא בשימוש)` : status.name}
                </option>
              )}
            </For>
          </select>
        </div>
      </Show>
      <div>
        <label for="leads-source" class="label">
          מקור
        </label>
        <select id="leads-source" class="input w-auto" onChange={select('source')}>
          <option value="">הכול</option>
          <For each={LEAD_SOURCES}>
            {(source) => (
              <option value={source} selected={source === props.filters.source}>
                {SOURCE_LABEL[source]}
              </option>
            )}
          </For>
        </select>
      </div>
      <div>
        <label for="leads-assignee" class="label">
          אחראי/ת
        </label>
        <select id="leads-assignee" class="input w-auto" onChange={select('assignee')}>
          <option value="">הכול</option>
          <option value="none" selected={props.filters.assignee === 'none'}>
            ללא אחראי/ת
          </option>
          <For each={props.assignees}>
            {(user) => (
              <option value={user.id} selected={user.id === props.filters.assignee}>
                {user.name}
              </option>
            )}
          </For>
        </select>
      </div>
    </div>
  );
}
