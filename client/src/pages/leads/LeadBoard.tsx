import { A, useAction, useSubmission } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { errorMessage } from '../../errors';
import { ColorDot } from '../../ui/ColorDot';
import { FormAlert } from '../../ui/common';
import { Icon } from '../../ui/Icon';
import { LeadName, Phone } from '../../ui/Ltr';
import { type BoardColumn, boardColumns, neighbours } from './board';
import { type Lead, type LeadStatus, updateLead } from './data';
import { leadTitle, SOURCE_LABEL } from './labels';

const MESSAGES = { validation_failed: 'אי אפשר להעביר ליד לסטטוס שאינו בשימוש.' };

/**
 * Leads in columns by status, in status order (right to left). A lead moves one column
 * with its buttons (keyboard and screen readers) or by dragging it onto another column.
 */
export function LeadBoard(props: {
  businessId: string | undefined;
  statuses: LeadStatus[];
  leads: Lead[];
  href: (lead: Lead) => string;
}) {
  const move = useAction(updateLead);
  const moving = useSubmission(updateLead, (input) => 'statusId' in input[2]);
  const columns = () => boardColumns(props.statuses, props.leads);
  const [dropTarget, setDropTarget] = createSignal<string>();
  const moveTo = (lead: Lead, status: LeadStatus) => {
    if (lead.status.id !== status.id && !status.retired)
      move(props.businessId, lead.id, { statusId: status.id }).catch(() => {});
  };

  return (
    <>
      <Show when={moving.error}>
        <div class="mb-4">
          <FormAlert message={errorMessage(moving.error, MESSAGES)} />
        </div>
      </Show>
      <div class="flex gap-4 overflow-x-auto pb-4">
        <For each={columns()}>
          {(column) => (
            <section
              aria-labelledby={`column-${column.status.id}`}
              class={`flex w-64 shrink-0 flex-col rounded-xl bg-slate-100/80 p-3 ${
                dropTarget() === column.status.id ? 'ring-2 ring-brand-500' : ''
              }`}
              onDragOver={(event) => {
                if (column.status.retired) return;
                event.preventDefault();
                setDropTarget(column.status.id);
              }}
              onDragLeave={() => setDropTarget(undefined)}
              onDrop={(event) => {
                event.preventDefault();
                setDropTarget(undefined);
                const lead = props.leads.find((l) => l.id === event.dataTransfer?.getData('text/plain'));
                if (lead) moveTo(lead, column.status);
              }}
            >
              <h2
                id={`column-${column.status.id}`}
                class="mb-3 flex items-center gap-2 px-1 text-sm font-semibold text-slate-700"
              >
                <ColorDot color={column.status.color} />
                {column.status.name}
                <span class="ms-auto rounded-full bg-white px-2 text-xs font-medium text-slate-500">
                  {column.leads.length}
                </span>
              </h2>
              <ul class="space-y-2">
                <For each={column.leads}>
                  {(lead) => (
                    <Card lead={lead} column={column} columns={columns()} href={props.href} onMove={moveTo} />
                  )}
                </For>
              </ul>
            </section>
          )}
        </For>
      </div>
    </>
  );
}

function Card(props: {
  lead: Lead;
  column: BoardColumn;
  columns: BoardColumn[];
  href: (lead: Lead) => string;
  onMove: (lead: Lead, status: LeadStatus) => void;
}) {
  const around = () => neighbours(props.columns, props.column.status.id);
  return (
    <li
      draggable="true"
      class="cursor-grab rounded-lg border border-slate-200 bg-white p-3 shadow-sm active:cursor-grabbing"
      onDragStart={(event) => {
        event.dataTransfer?.setData('text/plain', props.lead.id);
        if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
      }}
    >
      <A
        href={props.href(props.lead)}
        class="focusable rounded text-sm font-medium text-slate-900 hover:underline"
      >
        <LeadName lead={props.lead} />
      </A>
      <p class="mt-0.5 text-xs text-slate-500">
        <Phone e164={props.lead.phone} />
        {' · '}
        {SOURCE_LABEL[props.lead.source]}
      </p>
      <div class="mt-2 flex justify-between gap-2">
        <Show when={around().previous} fallback={<span />}>
          {(status) => (
            <button
              type="button"
              class="btn-ghost btn-sm px-1.5"
              aria-label={`העברת ${leadTitle(props.lead)} אל ${status().name}`}
              title={status().name}
              onClick={() => props.onMove(props.lead, status())}
            >
              <Icon name="back" />
            </button>
          )}
        </Show>
        <Show when={around().next}>
          {(status) => (
            <button
              type="button"
              class="btn-ghost btn-sm px-1.5"
              aria-label={`העברת ${leadTitle(props.lead)} אל ${status().name}`}
              title={status().name}
              onClick={() => props.onMove(props.lead, status())}
            >
              <Icon name="forward" />
            </button>
          )}
        </Show>
      </div>
    </li>
  );
}
