import { useAction } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { Confirmed } from '../../ui/Confirmed';
import { Badge } from '../../ui/common';
import { Icon } from '../../ui/Icon';
import type { LeadStatus } from '../leads/data';
import { ColorPalette } from './ColorPalette';
import { deleteStatus, type StatusPatch, updateStatus } from './status-data';
import { statusError } from './status-messages';

/** One status: rename, recolour, move up or down, retire or bring back, delete. */
export function StatusRow(props: {
  businessId: string | undefined;
  status: LeadStatus;
  index: number;
  count: number;
  onMove: (status: LeadStatus, by: -1 | 1) => void;
}) {
  const update = useAction(updateStatus);
  const remove = useAction(deleteStatus);
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const run = async (work: () => Promise<unknown>) => {
    setError(undefined);
    setBusy(true);
    try {
      await work();
    } catch (failure) {
      setError(statusError(failure));
    } finally {
      setBusy(false);
    }
  };
  const patch = (change: StatusPatch) => run(() => update(props.businessId, props.status.id, change));
  const rowId = () => `status-${props.status.id}`;

  return (
    <li
      class={`space-y-3 px-5 py-4 ${props.status.retired ? 'bg-slate-50' : ''}`}
      aria-labelledby={`${rowId()}-name-label`}
    >
      <div class="flex flex-wrap items-end gap-3">
        <div class="flex flex-col gap-1">
          <button
            type="button"
            class="btn-ghost btn-sm px-1.5 py-0.5"
            aria-label={`הזזת ${props.status.name} למעלה`}
            disabled={props.index === 0 || busy()}
            onClick={() => props.onMove(props.status, -1)}
          >
            <Icon name="up" />
          </button>
          <button
            type="button"
            class="btn-ghost btn-sm px-1.5 py-0.5"
            aria-label={`הזזת ${props.status.name} למטה`}
            disabled={props.index === props.count - 1 || busy()}
            onClick={() => props.onMove(props.status, 1)}
          >
            <Icon name="down" />
          </button>
        </div>
        <form
          class="flex items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            const name = String(new FormData(event.currentTarget).get('name') ?? '').trim();
            if (name !== props.status.name) void patch({ name });
          }}
        >
          <div>
            <label id={`${rowId()}-name-label`} for={`${rowId()}-name`} class="label">
              שם
            </label>
            <input
              id={`${rowId()}-name`}
              name="name"
              class="input w-48"
              maxLength={60}
              value={props.status.name}
              aria-describedby={error() ? `${rowId()}-error` : undefined}
            />
          </div>
          <button type="submit" class="btn-secondary btn-sm mb-0.5" disabled={busy()}>
            שמירת השם
          </button>
        </form>
        <Show when={props.status.retired}>
          <Badge tone="slate">לא בשימוש</Badge>
        </Show>
        <div class="ms-auto flex gap-2">
          <button
            type="button"
            class="btn-secondary btn-sm"
            disabled={busy()}
            onClick={() => patch({ retired: !props.status.retired })}
          >
            {props.status.retired ? 'החזרה לשימוש' : 'הוצאה משימוש'}
          </button>
          <Confirmed
            id={`delete-status-${props.status.id}`}
            class="btn-danger btn-sm"
            disabled={busy()}
            ariaLabel={`מחיקת ${props.status.name}`}
            label="מחיקה"
            title={`למחוק את הסטטוס ${props.status.name}?`}
            confirmLabel="מחיקה"
            action={() => remove(props.businessId, props.status.id)}
            describeError={statusError}
          >
            הסטטוס יוסר מהלוח. אי אפשר לבטל את הפעולה.
          </Confirmed>
        </div>
      </div>
      <ColorPalette
        name={`${rowId()}-color`}
        label={`הצבע של ${props.status.name}`}
        value={props.status.color}
        onChange={(color) => patch({ color })}
      />
      <Show when={error()}>
        <p id={`${rowId()}-error`} role="alert" class="text-sm text-red-700">
          {error()}
        </p>
      </Show>
    </li>
  );
}
