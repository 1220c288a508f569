import { createAsync, useAction, useSubmission } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { can } from '../../../../server/auth/permissions';
import { useMe } from '../../auth';
import { errorMessage, fieldErrors } from '../../errors';
import { text } from '../../forms';
import { formatDate } from '../../labels';
import { EmptyState, FormAlert, PageHeader } from '../../ui/common';
import { Field } from '../../ui/Field';
import { Icon } from '../../ui/Icon';
import { LeadSearch } from '../leads/LeadSearch';
import { leadTitle } from '../leads/labels';
import {
  CONTRACT_NEXT,
  CONTRACT_STATUS_LABEL,
  type Contract,
  createContract,
  listContracts,
  updateContract,
} from './data';
import { StatusSelect } from './StatusSelect';

/** Contracts with customers (the contracts feature): the document, where it stands, its dates. */
export default function ContractsPage() {
  const me = useMe();
  const canWrite = () => can(me().role, 'contracts.write');
  const contracts = createAsync(() => listContracts(undefined));
  const [creating, setCreating] = createSignal(false);
  return (
    <>
      <PageHeader
        title="חוזים"
        description="טיוטות, חוזים שנשלחו וחוזים חתומים"
        actions={
          <Show when={canWrite() && !creating()}>
            <button type="button" class="btn-primary" onClick={() => setCreating(true)}>
              <Icon name="plus" />
              חוזה חדש
            </button>
          </Show>
        }
      />
      <Show when={creating()}>
        <ContractForm onDone={() => setCreating(false)} />
      </Show>
      <Show
        when={contracts()?.length}
        fallback={
          <section class="card">
            <EmptyState icon={<Icon name="contracts" class="h-6 w-6" />} title="עדיין אין חוזים" />
          </section>
        }
      >
        <ContractTable contracts={contracts() ?? []} canWrite={canWrite()} />
      </Show>
    </>
  );
}

function ContractTable(props: { contracts: Contract[]; canWrite: boolean }) {
  const update = useAction(updateContract);
  const submission = useSubmission(updateContract);
  return (
    <section class="card overflow-x-auto">
      <FormAlert message={submission.error ? errorMessage(submission.error) : undefined} />
      <table class="w-full">
        <thead class="border-b border-slate-200">
          <tr>
            <th class="th">כותרת</th>
            <th class="th">ליד</th>
            <th class="th">סטטוס</th>
            <th class="th">מסמך</th>
            <th class="th">נשלח</th>
            <th class="th">נחתם</th>
          </tr>
        </thead>
        <tbody class="divide-y divide-slate-100">
          <For each={props.contracts}>
            {(k) => (
              <tr>
                <td class="td font-medium text-slate-900">{k.title}</td>
                <td class="td">{k.lead ? leadTitle(k.lead) : '—'}</td>
                <td class="td">
                  <StatusSelect
                    id={`contract-status-${k.id}`}
                    label={`סטטוס החוזה ${k.title}`}
                    value={k.status}
                    labels={CONTRACT_STATUS_LABEL}
                    next={CONTRACT_NEXT}
                    disabled={!props.canWrite || !!submission.pending}
                    onChange={(status, select) =>
                      update(undefined, k.id, { status }).catch(() => {
                        select.value = k.status;
                      })
                    }
                  />
                </td>
                <td class="td">
                  <Show when={k.documentUrl} fallback={k.fileRef ?? '—'}>
                    {(url) => (
                      <a
                        href={url()}
                        target="_blank"
                        rel="noopener noreferrer"
                        class="text-brand-700 hover:underline"
                      >
                        פתיחת המסמך
                      </a>
                    )}
                  </Show>
                </td>
                <td class="td">{k.sentAt ? formatDate(k.sentAt) : '—'}</td>
                <td class="td">{k.signedAt ? formatDate(k.signedAt) : '—'}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </section>
  );
}

const HINTS = { title: 'יש לתת לחוזה כותרת.', documentUrl: 'יש להזין כתובת http(s) של המסמך.' };

function ContractForm(props: { onDone: () => void }) {
  const create = useAction(createContract);
  const submission = useSubmission(createContract);
  submission.clear?.();
  const errors = () => fieldErrors(submission.error, HINTS);
  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const optional = (name: string) => (text(form, name) ? { [name]: text(form, name) } : {});
    try {
      await create(undefined, {
        title: text(form, 'title'),
        ...optional('documentUrl'),
        ...optional('leadId'),
      });
      props.onDone();
    } catch {
      // shown through submission.error
    }
  }
  return (
    <form
      onSubmit={onSubmit}
      class="card mb-6 space-y-5 p-6"
      aria-labelledby="contract-form-title"
      novalidate
    >
      <h2 id="contract-form-title" class="text-base font-semibold text-slate-900">
        חוזה חדש
      </h2>
      <FormAlert message={submission.error ? errorMessage(submission.error) : undefined} />
      <div class="grid gap-5 md:grid-cols-2">
        <Field
          label="כותרת"
          name="title"
          id="contract-title"
          required
          maxLength={200}
          error={errors().title}
        />
        <Field
          label="קישור למסמך"
          name="documentUrl"
          id="contract-url"
          type="url"
          dir="ltr"
          placeholder="https://"
          error={errors().documentUrl}
        />
      </div>
      <LeadSearch businessId={undefined} name="leadId" id="contract-lead" label="ליד (לא חובה)" />
      <div class="flex gap-2 border-t border-slate-100 pt-5">
        <button type="submit" class="btn-primary" disabled={submission.pending}>
          {submission.pending ? 'שומרים…' : 'הוספת החוזה'}
        </button>
        <button type="button" class="btn-secondary" onClick={() => props.onDone()}>
          ביטול
        </button>
      </div>
    </form>
  );
}
