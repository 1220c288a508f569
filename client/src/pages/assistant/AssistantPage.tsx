import { For, type JSX, Show } from 'solid-js';
import { can } from '../../../../server/auth/permissions';
import { useMe } from '../../auth';
import { useBusinessScope } from '../../scope';
import { EmptyState, PageHeader } from '../../ui/common';
import { Icon, type IconName } from '../../ui/Icon';
import { BusinessPicker } from '../businesses/BusinessPicker';
import { ReadOnlyNotice } from './ReadOnlyNotice';

export type AssistantScope = { businessId: string | undefined; canManage: boolean };

/**
 * The frame the assistant's settings pages share: the title, the system admin's business
 * picker, and a read-only notice for roles that may look but not change. The body is
 * rebuilt when the business changes, so no draft of one business leaks into another.
 */
export function AssistantPage(props: {
  title: string;
  description: string;
  icon: IconName;
  children: (scope: AssistantScope) => JSX.Element;
}) {
  const scope = useBusinessScope();
  const me = useMe();
  const canManage = () => can(me().role, 'assistant.manage');
  return (
    <>
      <PageHeader
        title={props.title}
        description={props.description}
        actions={
          <Show when={scope.isSystemAdmin()}>
            <BusinessPicker
              value={scope.businessId()}
              emptyLabel="בחרו עסק…"
              onChange={scope.setBusinessId}
            />
          </Show>
        }
      />
      <Show
        when={scope.ready()}
        fallback={
          <section class="card">
            <EmptyState
              icon={<Icon name={props.icon} class="h-6 w-6" />}
              title="בחרו עסק"
              description="בחרו עסק מהרשימה כדי לראות ולערוך את הגדרות העוזר שלו."
            />
          </section>
        }
      >
        <Show when={!canManage()}>
          <ReadOnlyNotice />
        </Show>
        <For each={[scope.businessId()]}>
          {(businessId) => props.children({ businessId, canManage: canManage() })}
        </For>
      </Show>
    </>
  );
}
