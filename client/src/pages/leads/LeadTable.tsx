import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import type { Lead } from './data';
import { formatDateTime, leadTitle, SOURCE_LABEL } from './labels';
import { StatusBadge } from './StatusBadge';

export function LeadTable(props: { leads: Lead[]; href: (lead: Lead) => string }) {
  return (
    <div class="card overflow-x-auto">
      <table class="w-full">
        <caption class="sr-only">רשימת הלידים</caption>
        <thead class="border-b border-slate-200 bg-slate-50/60">
          <tr>
            <th scope="col" class="th">
              שם
            </th>
            <th scope="col" class="th">
              טלפון
            </th>
            <th scope="col" class="th">
              סטטוס
            </th>
            <th scope="col" class="th">
              מקור
            </th>
            <th scope="col" class="th">
              אחראי/ת
            </th>
            <th scope="col" class="th">
              קשר אחרון
            </th>
          </tr>
        </thead>
        <tbody class="divide-y divide-slate-100">
          <For each={props.leads}>
            {(lead) => (
              <tr class="hover:bg-slate-50/60">
                <td class="td font-medium text-slate-900">
                  <A href={props.href(lead)} class="focusable rounded text-brand-700 hover:underline">
                    {leadTitle(lead)}
                  </A>
                </td>
                <td class="td text-slate-500">
                  <span dir="ltr" class="tabular-nums">
                    {lead.phone}
                  </span>
                </td>
                <td class="td">
                  <StatusBadge status={lead.status} />
                </td>
                <td class="td text-slate-500">{SOURCE_LABEL[lead.source]}</td>
                <td class="td text-slate-500">
                  <Show when={lead.assignee} fallback={<span class="text-slate-400">—</span>}>
                    {(assignee) => assignee().name}
                  </Show>
                </td>
                <td class="td whitespace-nowrap text-slate-500">{formatDateTime(lead.lastContactAt)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
