import { A, createAsync, useParams } from '@solidjs/router';
import { Show } from 'solid-js';
import { can } from '../../../../server/auth/permissions';
import { withQuery } from '../../api';
import { useMe } from '../../auth';
import { useBusinessScope } from '../../scope';
import { PageHeader } from '../../ui/common';
import { Icon } from '../../ui/Icon';
import { LeadName } from '../../ui/Ltr';
import { getLead, getTimeline, listAssignees, listLeadStatuses } from './data';
import { LeadAssignment } from './LeadAssignment';
import { LeadDetailsForm } from './LeadDetailsForm';
import { LeadTimeline } from './LeadTimeline';
import { formatDateTime, SOURCE_LABEL } from './labels';
import { MergeLead } from './MergeLead';
import { StatusBadge } from './StatusBadge';

/** One lead: its details, status and assignee, notes and timeline, and merging. */
export default function LeadPage() {
  const me = useMe();
  const scope = useBusinessScope();
  const params = useParams<{ id: string }>();
  const canWrite = () => can(me().role, 'leads.write');
  const lead = createAsync(() => getLead(scope.businessId(), params.id));
  const timeline = createAsync(() => getTimeline(scope.businessId(), params.id));
  const statuses = createAsync(() => listLeadStatuses(scope.businessId()));
  const assignees = createAsync(async () =>
    can(me().role, 'user.list')
      ? listAssignees(scope.businessId())
      : [{ id: me().id, name: `${me().name} (את/ה)` }],
  );

  return (
    <Show when={lead()}>
      {(current) => (
        <>
          <A
            href={withQuery('/leads', { businessId: scope.businessId() })}
            class="focusable mb-3 inline-flex items-center gap-1 rounded text-sm text-slate-500 hover:text-slate-900"
          >
            <Icon name="back" />
            כל הלידים
          </A>
          <PageHeader
            title={<LeadName lead={current()} />}
            description={`${SOURCE_LABEL[current().source]} · נוצר ${formatDateTime(current().createdAt)} · קשר אחרון ${formatDateTime(current().lastContactAt)}`}
            actions={<StatusBadge status={current().status} />}
          />
          <div class="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
            <LeadTimeline
              businessId={scope.businessId()}
              leadId={current().id}
              first={timeline()}
              canWrite={canWrite()}
            />
            <aside class="card order-first space-y-6 p-5 lg:order-none" aria-label="פרטי הליד">
              <LeadAssignment
                businessId={scope.businessId()}
                lead={current()}
                statuses={statuses() ?? []}
                assignees={assignees() ?? []}
                canWrite={canWrite()}
              />
              <div class="border-t border-slate-100 pt-5">
                <LeadDetailsForm businessId={scope.businessId()} lead={current()} canWrite={canWrite()} />
              </div>
              <Show when={canWrite()}>
                <div class="border-t border-slate-100 pt-5">
                  <MergeLead businessId={scope.businessId()} lead={current()} />
                </div>
              </Show>
            </aside>
          </div>
        </>
      )}
    </Show>
  );
}
