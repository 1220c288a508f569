import { createAsync, useAction, useSubmission } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { can } from '../../../../server/auth/permissions';
import { useMe } from '../../auth';
import { errorMessage } from '../../errors';
import { text } from '../../forms';
import { formatDate } from '../../labels';
import { EmptyState, FormAlert, PageHeader } from '../../ui/common';
import { Field } from '../../ui/Field';
import { Icon } from '../../ui/Icon';
import { LeadSearch } from '../leads/LeadSearch';
import { leadTitle } from '../leads/labels';
import {
  createPayment,
  listPayments,
  PAYMENT_NEXT,
  PAYMENT_STATUS_LABEL,
  type Payment,
  updatePayment,
} from './data';
import { formatAgorot, parseShekels } from './money';
import { StatusSelect } from './StatusSelect';

/** Payments the business tracks by hand (the payments feature): amounts, status, dates. */
export default function PaymentsPage() {
  const me = useMe();
  const canWrite = () => can(me().role, 'payments.write');
  const payments = createAsync(() => listPayments(undefined));
  const [creating, setCreating] = createSignal(false);
  return (
    <>
      <PageHeader
        title="תשלומים"
        description="מה שולם, מה ממתין ומה הוחזר"
        actions={
          <Show when={canWrite() && !creating()}>
            <button type="button" class="btn-primary" onClick={() => setCreating(true)}>
              <Icon name="plus" />
              תשלום חדש
            </button>
          </Show>
        }
      />
      <Show when={creating()}>
        <PaymentForm onDone={() => setCreating(false)} />
      </Show>
      <Show
        when={payments()?.length}
        fallback={
          <section class="card">
            <EmptyState icon={<Icon name="payments" class="h-6 w-6" />} title="עדיין אין תשלומים" />
          </section>
        }
      >
        <PaymentTable payments={payments() ?? []} canWrite={canWrite()} />
      </Show>
    </>
  );
}

function PaymentTable(props: { payments: Payment[]; canWrite: boolean }) {
  const update = useAction(updatePayment);
  const submission = useSubmission(updatePayment);
  return (
    <section class="card overflow-x-auto">
      <FormAlert message={submission.error ? errorMessage(submission.error) : undefined} />
      <table class="w-full">
        <thead class="border-b border-slate-200">
          <tr>
            <th class="th">סכום</th>
            <th class="th">תיאור</th>
            <th class="th">ליד</th>
            <th class="th">סטטוס</th>
            <th class="th">לתשלום עד</th>
            <th class="th">שולם</th>
          </tr>
        </thead>
        <tbody class="divide-y divide-slate-100">
          <For each={props.payments}>
            {(p) => (
              <tr>
                <td class="td tabular-nums">{formatAgorot(p.amountAgorot)}</td>
                <td class="td">{p.description}</td>
                <td class="td">{p.lead ? leadTitle(p.lead) : '—'}</td>
                <td class="td">
                  <StatusSelect
                    id={`payment-status-${p.id}`}
                    label={`סטטוס התשלום ${p.description || formatAgorot(p.amountAgorot)}`}
                    value={p.status}
                    labels={PAYMENT_STATUS_LABEL}
                    next={PAYMENT_NEXT}
                    disabled={!props.canWrite || !!submission.pending}
                    onChange={(status, select) =>
                      update(undefined, p.id, { status }).catch(() => {
                        select.value = p.status;
                      })
                    }
                  />
                </td>
                <td class="td">{p.dueDate ? formatDate(p.dueDate) : '—'}</td>
                <td class="td">{p.paidAt ? formatDate(p.paidAt) : '—'}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </section>
  );
}

function PaymentForm(props: { onDone: () => void }) {
  const create = useAction(createPayment);
  const submission = useSubmission(createPayment);
  submission.clear?.();
  const [amountError, setAmountError] = createSignal<string>();
  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const amountAgorot = parseShekels(text(form, 'amount'));
    setAmountError(amountAgorot ? undefined : 'יש להזין סכום חיובי בשקלים, עד שתי ספרות אחרי הנקודה.');
    if (!amountAgorot) return;
    const optional = (name: string) => (text(form, name) ? { [name]: text(form, name) } : {});
    try {
      await create(undefined, {
        amountAgorot,
        ...optional('description'),
        ...optional('dueDate'),
        ...optional('leadId'),
      });
      props.onDone();
    } catch {
      // shown through submission.error
    }
  }
  return (
    <form onSubmit={onSubmit} class="card mb-6 space-y-5 p-6" aria-labelledby="payment-form-title" novalidate>
      <h2 id="payment-form-title" class="text-base font-semibold text-slate-900">
        תשלום חדש
      </h2>
      <FormAlert message={submission.error ? errorMessage(submission.error) : undefined} />
      <div class="grid gap-5 md:grid-cols-3">
        <Field
          label="סכום (₪)"
          name="amount"
          id="payment-amount"
          inputmode="decimal"
          dir="ltr"
          required
          error={amountError()}
        />
        <Field label="תיאור" name="description" id="payment-description" maxLength={500} />
        <Field label="לתשלום עד" name="dueDate" id="payment-due" type="date" />
      </div>
      <LeadSearch businessId={undefined} name="leadId" id="payment-lead" label="ליד (לא חובה)" />
      <div class="flex gap-2 border-t border-slate-100 pt-5">
        <button type="submit" class="btn-primary" disabled={submission.pending}>
          {submission.pending ? 'שומרים…' : 'הוספת התשלום'}
        </button>
        <button type="button" class="btn-secondary" onClick={() => props.onDone()}>
          ביטול
        </button>
      </div>
    </form>
  );
}
