import { A, useAction, useSubmission } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { errorMessage } from '../../errors';
import { FormAlert } from '../../ui/common';
import { Icon } from '../../ui/Icon';
import { LeadName } from '../../ui/Ltr';
import { formatDateTime } from '../leads/labels';
import { adjacentColumns, COLUMN_LABEL, isOverdue, taskColumns } from './board';
import { moveTask, type Task, type TaskColumn } from './data';

/**
 * Three columns, right to left. A task moves by dragging it onto a column (placed where it
 * is dropped, or last), or with its buttons: one column back or forward, one place up or
 * down (keyboard and screen readers).
 */
export function TaskBoard(props: {
  businessId: string | undefined;
  tasks: Task[];
  canWrite: boolean;
  leadHref: (leadId: string) => string;
  onEdit: (task: Task) => void;
}) {
  const move = useAction(moveTask);
  const moving = useSubmission(moveTask);
  const columns = () => taskColumns(props.tasks);
  const [dropTarget, setDropTarget] = createSignal<TaskColumn>();
  const moveTo = (task: Task, column: TaskColumn, position: number) => {
    if (task.column === column && task.position === position) return;
    move(props.businessId, task.id, column, position).catch(() => {});
  };
  const now = Date.now();

  return (
    <>
      <Show when={moving.error}>
        <div class="mb-4">
          <FormAlert message={errorMessage(moving.error)} />
        </div>
      </Show>
      <div class="grid gap-4 md:grid-cols-3">
        <For each={columns()}>
          {(col) => (
            <section
              aria-labelledby={`tasks-${col.column}`}
              class={`flex min-h-40 flex-col rounded-xl bg-slate-100/80 p-3 ${dropTarget() === col.column ? 'ring-2 ring-brand-500' : ''}`}
              onDragOver={(event) => {
                if (!props.canWrite) return;
                event.preventDefault();
                setDropTarget(col.column);
              }}
              onDragLeave={() => setDropTarget(undefined)}
              onDrop={(event) => {
                event.preventDefault();
                setDropTarget(undefined);
                const task = props.tasks.find((t) => t.id === event.dataTransfer?.getData('text/plain'));
                const over = (event.target as HTMLElement).closest<HTMLElement>('[data-position]');
                const position = over ? Number(over.dataset.position) : col.tasks.length;
                if (task) moveTo(task, col.column, position);
              }}
            >
              <h2 class="mb-3 flex items-center gap-2 px-1 text-sm font-semibold text-slate-700">
                {/* The region is named by the label alone; the count follows it. */}
                <span id={`tasks-${col.column}`}>{COLUMN_LABEL[col.column]}</span>
                <span class="ms-auto rounded-full bg-white px-2 text-xs font-medium text-slate-500">
                  {col.tasks.length}
                </span>
              </h2>
              <ul class="space-y-2">
                <For each={col.tasks}>
                  {(task, index) => (
                    <li
                      draggable={props.canWrite ? 'true' : 'false'}
                      data-position={index()}
                      class="rounded-lg border border-slate-200 bg-white p-3 shadow-sm"
                      onDragStart={(event) => {
                        event.dataTransfer?.setData('text/plain', task.id);
                        if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
                      }}
                    >
                      <div class="flex items-start justify-between gap-2">
                        <p class="text-sm font-medium text-slate-900">{task.title}</p>
                        <Show when={props.canWrite}>
                          <button
                            type="button"
                            class="btn-ghost btn-sm px-1.5"
                            aria-label={`עריכת ${task.title}`}
                            onClick={() => props.onEdit(task)}
                          >
                            <Icon name="edit" />
                          </button>
                        </Show>
                      </div>
                      <dl class="mt-1 space-y-0.5 text-xs text-slate-500">
                        <Show when={task.dueAt}>
                          {(due) => (
                            <div class={isOverdue(task, now) ? 'font-medium text-red-700' : ''}>
                              <dt class="inline">מועד: </dt>
                              <dd class="inline">
                                <time datetime={due()}>{formatDateTime(due())}</time>
                                {isOverdue(task, now) ? ' (באיחור)' : ''}
                              </dd>
                            </div>
                          )}
                        </Show>
                        <Show when={task.assignee}>
                          {(who) => (
                            <div>
                              <dt class="inline">אחראי/ת: </dt>
                              <dd class="inline">{who().name}</dd>
                            </div>
                          )}
                        </Show>
                        <Show when={task.lead}>
                          {(lead) => (
                            <div>
                              <dt class="inline">ליד: </dt>
                              <dd class="inline">
                                <A href={props.leadHref(lead().id)} class="focusable rounded hover:underline">
                                  <LeadName lead={lead()} />
                                </A>
                              </dd>
                            </div>
                          )}
                        </Show>
                      </dl>
                      <Show when={props.canWrite}>
                        <MoveButtons task={task} index={index()} count={col.tasks.length} onMove={moveTo} />
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
            </section>
          )}
        </For>
      </div>
    </>
  );
}

/** Past any column's end: the server places the task last. */
const LAST = 10_000;

function MoveButtons(props: {
  task: Task;
  index: number;
  count: number;
  onMove: (task: Task, column: TaskColumn, position: number) => void;
}) {
  const around = () => adjacentColumns(props.task.column);
  const button = (label: string, icon: 'back' | 'forward' | 'up' | 'down', go: () => void) => (
    <button type="button" class="btn-ghost btn-sm px-1.5" aria-label={label} title={label} onClick={go}>
      <Icon name={icon} />
    </button>
  );
  return (
    <div class="mt-2 flex items-center gap-1">
      <Show when={around().previous}>
        {(column) =>
          button(`העברת ${props.task.title} אל ${COLUMN_LABEL[column()]}`, 'back', () =>
            props.onMove(props.task, column(), LAST),
          )
        }
      </Show>
      <Show when={props.index > 0}>
        {button(`הזזת ${props.task.title} למעלה`, 'up', () =>
          props.onMove(props.task, props.task.column, props.index - 1),
        )}
      </Show>
      <Show when={props.index < props.count - 1}>
        {button(`הזזת ${props.task.title} למטה`, 'down', () =>
          props.onMove(props.task, props.task.column, props.index + 1),
        )}
      </Show>
      <span class="flex-1" />
      <Show when={around().next}>
        {(column) =>
          button(`העברת ${props.task.title} אל ${COLUMN_LABEL[column()]}`, 'forward', () =>
            props.onMove(props.task, column(), LAST),
          )
        }
      </Show>
    </div>
  );
}
