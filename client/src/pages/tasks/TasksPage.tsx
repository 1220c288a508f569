import { createAsync, revalidate } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { can } from '../../../../server/auth/permissions';
import { withQuery } from '../../api';
import { useMe } from '../../auth';
import { ScopedPage } from '../../layout/ScopedPage';
import { onLiveNotification } from '../../notifications/live';
import { useBusinessScope } from '../../scope';
import { Icon } from '../../ui/Icon';
import { listAssignees } from '../leads/data';
import { listTasks, type Task } from './data';
import { TaskBoard } from './TaskBoard';
import { TaskDialog } from './TaskDialog';

/** The team's task board: to do, in progress, done. */
export default function TasksPage() {
  const me = useMe();
  const scope = useBusinessScope();
  const [editing, setEditing] = createSignal<Task | null>(null);
  const [dialogOpen, setDialogOpen] = createSignal(false);
  const canWrite = () => can(me().role, 'tasks.write');
  const tasks = createAsync(async () => (scope.ready() ? listTasks(scope.businessId()) : undefined));
  const assignees = createAsync(async () => {
    if (!scope.ready()) return [];
    // Agents cannot list users: they assign tasks to themselves (others can assign them).
    if (!can(me().role, 'user.list')) return [{ id: me().id, name: me().name }];
    return listAssignees(scope.businessId());
  });
  // A task assigned or due elsewhere shows up on the board as its notification arrives.
  onLiveNotification((n) => {
    if (n.kind === 'task_assigned' || n.kind === 'task_due') void revalidate(listTasks.key);
  });
  const open = (task: Task | null) => {
    setEditing(task);
    setDialogOpen(true);
  };

  return (
    <ScopedPage
      scope={scope}
      title="משימות"
      description="מה הצוות צריך לעשות, מי אחראי ועד מתי"
      icon="businesses"
      choosePrompt="בחרו עסק מהרשימה כדי לראות את המשימות שלו."
      actions={
        <Show when={scope.ready() && canWrite()}>
          <button type="button" class="btn-primary" onClick={() => open(null)}>
            <Icon name="plus" />
            משימה חדשה
          </button>
        </Show>
      }
    >
      <TaskBoard
        businessId={scope.businessId()}
        tasks={tasks() ?? []}
        canWrite={canWrite()}
        leadHref={(id) => withQuery(`/leads/${encodeURIComponent(id)}`, { businessId: scope.businessId() })}
        onEdit={open}
      />
      <TaskDialog
        open={dialogOpen()}
        task={editing()}
        businessId={scope.businessId()}
        assignees={assignees() ?? []}
        onClose={() => setDialogOpen(false)}
      />
    </ScopedPage>
  );
}
