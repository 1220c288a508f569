import { createSignal, For, Show } from 'solid-js';
import type { OutboxMessage, WhatsAppView } from './data';
import { deliveryErrorText, formatTime, MESSAGE_STATUS } from './status';
import { ToneBadge } from './ToneBadge';

const COUNTS = [
  { key: 'sent', label: 'נשלחו', class: 'text-emerald-700' },
  { key: 'pending', label: 'ממתינות', class: 'text-amber-700' },
  { key: 'failed', label: 'נכשלו', class: 'text-red-700' },
] as const;

const countFormat = new Intl.NumberFormat('he-IL');

/** The messages sent to customers through the business's WhatsApp, newest first, with their outcome. */
export function OutboxSection(props: { outbox: WhatsAppView['outbox']; onRefresh: () => Promise<unknown> }) {
  const [refreshing, setRefreshing] = createSignal(false);
  async function refresh() {
    setRefreshing(true);
    try {
      await props.onRefresh();
    } finally {
      setRefreshing(false);
    }
  }

  return (
    <section class="space-y-4" aria-labelledby="whatsapp-outbox-title">
      <div class="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="whatsapp-outbox-title" class="text-base font-semibold text-slate-900">
            הודעות יוצאות
          </h2>
          <p class="mt-1 text-sm text-slate-500">
            תזכורות והודעות שנשלחו ללקוחות בוואטסאפ. ללקוח שההודעה אליו נכשלה כדאי לפנות בדרך אחרת.
          </p>
        </div>
        <button
          type="button"
          class="btn-secondary btn-sm"
          disabled={refreshing()}
          onClick={() => void refresh()}
        >
          {refreshing() ? 'מרעננים…' : 'רענון'}
        </button>
      </div>
      <dl class="grid grid-cols-3 gap-3" aria-label="סיכום ההודעות">
        <For each={COUNTS}>
          {(count) => (
            <div class="card px-4 py-3">
              <dt class="text-xs font-medium text-slate-500">{count.label}</dt>
              <dd class={`mt-1 text-2xl font-semibold ${count.class}`}>
                {countFormat.format(props.outbox.counts[count.key])}
                {props.outbox.capped[count.key] ? '+' : ''}
              </dd>
            </div>
          )}
        </For>
      </dl>
      <Show
        when={props.outbox.recent.length > 0}
        fallback={<p class="card px-6 py-8 text-center text-sm text-slate-500">עדיין לא נשלחו הודעות.</p>}
      >
        <div class="card overflow-x-auto">
          <table class="w-full cards-on-phone">
            <caption class="sr-only">ההודעות האחרונות</caption>
            <thead class="border-b border-slate-200 bg-slate-50/60">
              <tr>
                <th scope="col" class="th">
                  אל
                </th>
                <th scope="col" class="th">
                  הודעה
                </th>
                <th scope="col" class="th">
                  סטטוס
                </th>
                <th scope="col" class="th">
                  זמן
                </th>
              </tr>
            </thead>
            <tbody class="divide-y divide-slate-100">
              <For each={props.outbox.recent}>{(message) => <MessageRow message={message} />}</For>
            </tbody>
          </table>
        </div>
      </Show>
    </section>
  );
}

function MessageRow(props: { message: OutboxMessage }) {
  const status = () => MESSAGE_STATUS[props.message.status];
  return (
    <tr class="align-top">
      <td data-label="אל" class="td whitespace-nowrap">
        <span dir="ltr">{props.message.toPhone}</span>
      </td>
      <td data-label="הודעה" class="td max-w-md">
        <p class="line-clamp-3 whitespace-pre-line" dir="auto">
          {props.message.body}
        </p>
      </td>
      <td data-label="סטטוס" class="td">
        <ToneBadge tone={status().tone}>{status().label}</ToneBadge>
        <Show when={props.message.status === 'failed' && props.message.lastError}>
          {(error) => (
            <p class="mt-1.5 max-w-xs text-xs text-red-700" dir="auto">
              {deliveryErrorText(error())}
            </p>
          )}
        </Show>
      </td>
      <td data-label="זמן" class="td whitespace-nowrap text-slate-500">
        {formatTime(props.message.sentAt ?? props.message.createdAt)}
      </td>
    </tr>
  );
}
