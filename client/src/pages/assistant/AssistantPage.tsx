import { For, type JSX, Show } from 'solid-js';
import { can } from '../../../../server/auth/permissions';
import { useMe } from '../../auth';
import { ScopedPage } from '../../layout/ScopedPage';
import { useBusinessScope } from '../../scope';
import type { IconName } from '../../ui/Icon';
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
    <ScopedPage
      scope={scope}
      title={props.title}
      description={props.description}
      icon={props.icon}
      choosePrompt="בחרו עסק מהרשימה כדי לראות ולערוך את הגדרות העוזר שלו."
    >
      <Show when={!canManage()}>
        <ReadOnlyNotice />
      </Show>
      <For each={[scope.businessId()]}>
        {(businessId) => props.children({ businessId, canManage: canManage() })}
      </For>
    </ScopedPage>
  );
}
