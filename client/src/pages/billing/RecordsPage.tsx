import { createAsync, useAction, useSubmission } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { can } from '../../../../server/auth/permissions';
import { useMe } from '../../auth';
import { errorMessage } from '../../errors';
import { EmptyState, FormAlert, PageHeader } from '../../ui/common';
import { Icon } from '../../ui/Icon';
import { RecordForm } from './RecordForm';
import type { BillingRecord, RecordKind } from './records';
import { StatusSelect } from './StatusSelect';

/**
 * The page of one billing record kind: its list, with each record's status changed in
 * place, and the form that adds one, for those allowed to write. Loading and a failed load
 * are the shell's (its Suspense and error boundary).
 */
export function RecordsPage<R extends BillingRecord>(props: { kind: RecordKind<R> }) {
  const me = useMe();
  const canWrite = () => can(me().role, props.kind.write);
  const records = createAsync(() => props.kind.api.list(undefined));
  const [creating, setCreating] = createSignal(false);
  return (
    <>
      <PageHeader
        title={props.kind.title}
        description={props.kind.description}
        actions={
          <Show when={canWrite() && !creating()}>
            <button type="button" class="btn-primary" onClick={() => setCreating(true)}>
              <Icon name="plus" />
              {props.kind.newLabel}
            </button>
          </Show>
        }
      />
      <Show when={creating()}>
        <RecordForm kind={props.kind} onDone={() => setCreating(false)} />
      </Show>
      <Show
        when={records()?.length}
        fallback={
          <section class="card">
            <EmptyState
              icon={<Icon name={props.kind.icon} class="h-6 w-6" />}
              title={props.kind.emptyTitle}
            />
          </section>
        }
      >
        <RecordTable kind={props.kind} records={records() ?? []} canWrite={canWrite()} />
      </Show>
    </>
  );
}

function RecordTable<R extends BillingRecord>(props: {
  kind: RecordKind<R>;
  records: R[];
  canWrite: boolean;
}) {
  const update = useAction(props.kind.api.update);
  const submission = useSubmission(props.kind.api.update);
  return (
    <section class="card overflow-x-auto">
      <FormAlert message={submission.error ? errorMessage(submission.error) : undefined} />
      <table class="w-full cards-on-phone">
        <thead class="border-b border-slate-200">
          <tr>
            <For each={props.kind.columns}>
              {(column) => <th class="th">{column === 'status' ? 'סטטוס' : column.header}</th>}
            </For>
          </tr>
        </thead>
        <tbody class="divide-y divide-slate-100">
          <For each={props.records}>
            {(record) => (
              <tr>
                <For each={props.kind.columns}>
                  {(column) =>
                    column === 'status' ? (
                      <td class="td" data-label="סטטוס">
                        <StatusSelect
                          id={`${props.kind.key}-status-${record.id}`}
                          label={`סטטוס ${props.kind.definite} ${props.kind.name(record)}`}
                          value={record.status}
                          labels={props.kind.statuses.labels}
                          next={props.kind.statuses.next}
                          disabled={!props.canWrite || !!submission.pending}
                          onChange={(status, select) =>
                            update(undefined, record.id, { status }).catch(() => {
                              select.value = record.status;
                            })
                          }
                        />
                      </td>
                    ) : (
                      <td class={column.class ? `td ${column.class}` : 'td'} data-label={column.header}>
                        {column.cell(record)}
                      </td>
                    )
                  }
                </For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </section>
  );
}
