import { type JSX, type ParentProps, Show } from 'solid-js';
import { BusinessPicker } from '../pages/businesses/BusinessPicker';
import type { BusinessScope } from '../scope';
import { EmptyState, PageHeader } from '../ui/common';
import { Icon, type IconName } from '../ui/Icon';

/**
 * A page of one business's data: the header (with the system admin's business picker before
 * the page's own actions) and, until a business is chosen, a prompt to choose one instead
 * of the body. Everyone else always has their own business, so they see the body at once.
 */
export function ScopedPage(
  props: ParentProps<{
    scope: BusinessScope;
    title: string;
    description?: string;
    icon: IconName;
    /** What choosing a business will show, e.g. "בחרו עסק מהרשימה כדי לראות את היומן שלו." */
    choosePrompt: string;
    actions?: JSX.Element;
  }>,
) {
  return (
    <>
      <PageHeader
        title={props.title}
        description={props.description}
        actions={
          <div class="flex flex-wrap items-end gap-3">
            <Show when={props.scope.isSystemAdmin()}>
              <BusinessPicker
                value={props.scope.businessId()}
                emptyLabel="בחרו עסק…"
                onChange={props.scope.setBusinessId}
              />
            </Show>
            {props.actions}
          </div>
        }
      />
      <Show
        when={props.scope.ready()}
        fallback={
          <section class="card">
            <EmptyState
              icon={<Icon name={props.icon} class="h-6 w-6" />}
              title="בחרו עסק"
              description={props.choosePrompt}
            />
          </section>
        }
      >
        {props.children}
      </Show>
    </>
  );
}
