import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { LeadName, Phone } from '../../ui/Ltr';
import type { Lead } from './data';
import { formatDateTime, SOURCE_LABEL } from './labels';
import { StatusBadge } from './StatusBadge';

export function LeadTable(props: { leads: Lead[]; href: (lead: Lead) => string }) {
  return (
    <div class="card overflow-x-auto">
      <table class="w-full cards-on-phone">
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
                <td data-label="שם" class="td font-medium text-slate-900">
                  <A href={props.href(lead)} class="focusable rounded text-brand-700 hover:underline">
                    <LeadName lead={lead} />
                  </A>
                </td>
                <td data-label="טלפון" class="td text-slate-500">
                  <Phone e164={lead.phone} links />
                </td>
                <td data-label="סטטוס" class="td">
                  <StatusBadge status={lead.status} />
                </td>
                <td data-label="מקור" class="td text-slate-500">
                  {SOURCE_LABEL[lead.source]}
                </td>
                <td data-label="אחראי/ת" class="td text-slate-500">
                  <Show when={lead.assignee} fallback={<span class="text-slate-400">—</span>}>
                    {(assignee) => assignee().name}
                  </Show>
                </td>
                <td data-label="קשר אחרון" class="td whitespace-nowrap text-slate-500">
                  {formatDateTime(lead.lastContactAt)}
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
