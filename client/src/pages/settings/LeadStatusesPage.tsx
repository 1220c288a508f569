import { createAsync, useAction } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { ScopedPage } from '../../layout/ScopedPage';
import { useBusinessScope } from '../../scope';
import { FormAlert } from '../../ui/common';
import { Icon } from '../../ui/Icon';
import { type LeadStatus, listLeadStatuses } from '../leads/data';
import { ColorPalette, PALETTE } from './ColorPalette';
import { StatusRow } from './StatusRow';
import { createStatus, reorderStatuses } from './status-data';
import { statusError } from './status-messages';

/** The business's lead statuses, in board order: add, rename, recolour, reorder, retire, delete. */
export default function LeadStatusesPage() {
  const scope = useBusinessScope();
  const statuses = createAsync(async () =>
    scope.ready() ? listLeadStatuses(scope.businessId()) : undefined,
  );
  const reorder = useAction(reorderStatuses);
  const [orderError, setOrderError] = createSignal<string>();

  async function move(status: LeadStatus, by: -1 | 1) {
    const list = [...(statuses() ?? [])];
    const from = list.findIndex((s) => s.id === status.id);
    const to = from + by;
    if (from < 0 || to < 0 || to >= list.length) return;
    [list[from], list[to]] = [list[to] as LeadStatus, list[from] as LeadStatus];
    setOrderError(undefined);
    try {
      await reorder(scope.businessId(), list);
    } catch (error) {
      setOrderError(statusError(error));
    }
  }

  return (
    <ScopedPage
      scope={scope}
      title="סטטוסי לידים"
      description="השלבים שליד עובר בעסק, לפי הסדר שבו הם מופיעים בלוח"
      icon="tag"
      choosePrompt="בחרו עסק מהרשימה כדי לערוך את סטטוסי הלידים שלו."
    >
      <NewStatusForm businessId={scope.businessId()} />
      <Show when={orderError()}>
        <div class="mb-4">
          <FormAlert message={orderError()} />
        </div>
      </Show>
      <section class="card" aria-labelledby="statuses-title">
        <h2 id="statuses-title" class="sr-only">
          הסטטוסים לפי הסדר
        </h2>
        <ol class="divide-y divide-slate-100">
          <For each={statuses()}>
            {(status, index) => (
              <StatusRow
                businessId={scope.businessId()}
                status={status}
                index={index()}
                count={statuses()?.length ?? 0}
                onMove={move}
              />
            )}
          </For>
        </ol>
      </section>
      <p class="mt-3 text-sm text-slate-500">
        סטטוס שיש או היו בו לידים אי אפשר למחוק, רק להוציא משימוש: לידים קיימים שומרים עליו, וחדשים לא יקבלו
        אותו.
      </p>
    </ScopedPage>
  );
}

function NewStatusForm(props: { businessId: string | undefined }) {
  const create = useAction(createStatus);
  const [color, setColor] = createSignal(PALETTE[0]?.color ?? '#3b82f6');
  const [error, setError] = createSignal<string>();
  const [pending, setPending] = createSignal(false);

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const name = String(new FormData(form).get('name') ?? '').trim();
    setError(undefined);
    setPending(true);
    try {
      await create(props.businessId, { name, color: color() });
      form.reset();
    } catch (failure) {
      setError(statusError(failure));
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} class="card mb-6 space-y-4 p-5" aria-labelledby="new-status-title" novalidate>
      <h2 id="new-status-title" class="text-base font-semibold text-slate-900">
        סטטוס חדש
      </h2>
      <FormAlert message={error()} />
      <div class="flex flex-wrap items-end gap-4">
        <div>
          <label for="new-status-name" class="label">
            שם
          </label>
          <input id="new-status-name" name="name" class="input w-56" maxLength={60} required />
        </div>
        <ColorPalette name="new-status-color" label="צבע" value={color()} onChange={setColor} />
        <button type="submit" class="btn-primary" disabled={pending()}>
          <Icon name="plus" />
          {pending() ? 'מוסיפים…' : 'הוספה'}
        </button>
      </div>
    </form>
  );
}
