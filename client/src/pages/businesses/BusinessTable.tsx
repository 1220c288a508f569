import { A, useAction, useSubmission } from '@solidjs/router';
import { For } from 'solid-js';
import { BUSINESS_STATUS_LABEL, formatDate } from '../../labels';
import type { Business } from '../../types';
import { Confirmed } from '../../ui/Confirmed';
import { Badge } from '../../ui/common';
import { Phone } from '../../ui/Ltr';
import { setBusinessStatus } from './data';

export function BusinessTable(props: { businesses: Business[] }) {
  return (
    <div class="card overflow-x-auto">
      <table class="w-full cards-on-phone">
        <caption class="sr-only">רשימת העסקים</caption>
        <thead class="border-b border-slate-200 bg-slate-50/60">
          <tr>
            <th scope="col" class="th">
              שם העסק
            </th>
            <th scope="col" class="th">
              מספרי טלפון
            </th>
            <th scope="col" class="th">
              אזור זמן
            </th>
            <th scope="col" class="th">
              סטטוס
            </th>
            <th scope="col" class="th">
              נוצר
            </th>
            <th scope="col" class="th">
              <span class="sr-only">פעולות</span>
            </th>
          </tr>
        </thead>
        <tbody class="divide-y divide-slate-100">
          <For each={props.businesses}>{(business) => <BusinessRow business={business} />}</For>
        </tbody>
      </table>
    </div>
  );
}

function BusinessRow(props: { business: Business }) {
  const changeStatus = useAction(setBusinessStatus);
  const pending = useSubmission(setBusinessStatus, (input) => input[0] === props.business.id);
  const suspended = () => props.business.status === 'suspended';
  const toggle = () => changeStatus(props.business.id, suspended() ? 'active' : 'suspended');
  return (
    <tr class="hover:bg-slate-50/60">
      <td data-label="שם העסק" class="td font-medium text-slate-900">
        {props.business.name}
      </td>
      <td data-label="מספרי טלפון" class="td">
        <ul class="space-y-0.5">
          <For each={props.business.phoneNumbers}>
            {(phone) => (
              <li>
                <Phone e164={phone} />
              </li>
            )}
          </For>
        </ul>
      </td>
      <td data-label="אזור זמן" class="td text-slate-500" dir="ltr">
        <span class="block text-end">{props.business.timezone}</span>
      </td>
      <td data-label="סטטוס" class="td">
        <Badge tone={suspended() ? 'amber' : 'green'} dot>
          {BUSINESS_STATUS_LABEL[props.business.status]}
        </Badge>
      </td>
      <td data-label="נוצר" class="td whitespace-nowrap text-slate-500">
        {formatDate(props.business.createdAt)}
      </td>
      <td data-label="פעולות" class="td">
        <div class="flex justify-end gap-2">
          <A
            href={`/users?businessId=${encodeURIComponent(props.business.id)}`}
            class="btn-ghost btn-sm"
            aria-label={`המשתמשים של ${props.business.name}`}
          >
            משתמשים
          </A>
          <Confirmed
            id={`suspend-${props.business.id}`}
            class={`${suspended() ? 'btn-secondary' : 'btn-danger'} btn-sm`}
            disabled={pending.pending}
            when={!suspended()}
            action={toggle}
            ariaLabel={`${suspended() ? 'הפעלת' : 'השהיית'} ${props.business.name}`}
            label={suspended() ? 'הפעלה' : 'השהיה'}
            title={`להשהות את ${props.business.name}?`}
            confirmLabel="השהיה"
          >
            המשתמשים של העסק יתנתקו ולא יוכלו להתחבר עד שהעסק יופעל שוב.
          </Confirmed>
        </div>
      </td>
    </tr>
  );
}
