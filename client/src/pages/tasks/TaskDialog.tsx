import { useAction, useSubmission } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { errorMessage, fieldErrors } from '../../errors';
import { text } from '../../forms';
import { FormAlert } from '../../ui/common';
import { Dialog } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { LeadSearch } from '../leads/LeadSearch';
import { leadTitle } from '../leads/labels';
import { fromLocalInput, toLocalInput } from './board';
import { createTask, type Task, type TaskInput, updateTask } from './data';

const HINTS = {
  title: 'יש לתת למשימה כותרת (עד 200 תווים).',
  dueAt: 'יש לבחור מועד תקין.',
  assigneeId: 'יש לבחור משתמש פעיל של העסק.',
  leadId: 'יש לבחור ליד של העסק.',
  description: 'התיאור ארוך מדי.',
};

/** Creates a task (when `task` is null) or edits one. */
export function TaskDialog(props: {
  open: boolean;
  task: Task | null;
  businessId: string | undefined;
  assignees: { id: string; name: string }[];
  onClose: () => void;
}) {
  return (
    <Dialog open={props.open} onClose={props.onClose} labelledBy="task-dialog-title">
      <TaskForm
        task={props.task}
        businessId={props.businessId}
        assignees={props.assignees}
        onClose={props.onClose}
      />
    </Dialog>
  );
}

function TaskForm(props: {
  task: Task | null;
  businessId: string | undefined;
  assignees: { id: string; name: string }[];
  onClose: () => void;
}) {
  const create = useAction(createTask);
  const update = useAction(updateTask);
  const creating = useSubmission(createTask);
  const updating = useSubmission(updateTask);
  creating.clear?.();
  updating.clear?.();
  const error = () => (props.task ? updating.error : creating.error);
  const pending = () => creating.pending || updating.pending;
  const errors = () => fieldErrors(error(), HINTS);
  const assigneeOptions = () => {
    const current = props.task?.assignee;
    return current && !props.assignees.some((u) => u.id === current.id)
      ? [current, ...props.assignees]
      : props.assignees;
  };

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const input: TaskInput = {
      title: text(form, 'title'),
      description: text(form, 'description') || null,
      dueAt: fromLocalInput(text(form, 'dueAt')),
      assigneeId: text(form, 'assigneeId') || null,
    };
    const leadId = text(form, 'leadId');
    if (leadId) input.leadId = leadId;
    else if (form.get('clearLead')) input.leadId = null;
    try {
      if (props.task) await update(props.businessId, props.task.id, input);
      else await create(props.businessId, input);
      props.onClose();
    } catch {
      // shown through the submission's error
    }
  }

  return (
    <form onSubmit={onSubmit} class="space-y-5 p-6" novalidate>
      <h2 id="task-dialog-title" class="text-base font-semibold text-slate-900">
        {props.task ? 'עריכת משימה' : 'משימה חדשה'}
      </h2>
      <FormAlert message={error() ? errorMessage(error()) : undefined} />
      <Field
        label="כותרת"
        name="title"
        id="task-title"
        required
        maxLength={200}
        value={props.task?.title ?? ''}
        error={errors().title}
      />
      <div class="grid gap-5 md:grid-cols-2">
        <Field
          label="מועד"
          name="dueAt"
          id="task-due"
          type="datetime-local"
          value={toLocalInput(props.task?.dueAt ?? null)}
          error={errors().dueAt}
        />
        <div>
          <label for="task-assignee" class="label">
            אחראי/ת
          </label>
          <select
            id="task-assignee"
            name="assigneeId"
            class="input"
            aria-invalid={errors().assigneeId ? 'true' : undefined}
          >
            <option value="">ללא אחראי/ת</option>
            <For each={assigneeOptions()}>
              {(user) => (
                <option value={user.id} selected={user.id === props.task?.assignee?.id}>
                  {user.name}
                </option>
              )}
            </For>
          </select>
          <Show when={errors().assigneeId}>
            <p class="field-error">{errors().assigneeId}</p>
          </Show>
        </div>
      </div>
      <Show when={props.task?.lead}>
        {(lead) => (
          <label class="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" name="clearLead" value="1" class="accent-brand-600" />
            הסרת הקישור לליד {leadTitle(lead())}
          </label>
        )}
      </Show>
      <LeadSearch
        businessId={props.businessId}
        name="leadId"
        id="task-lead"
        label={props.task?.lead ? 'קישור לליד אחר' : 'קישור לליד'}
      />
      <div>
        <label for="task-description" class="label">
          תיאור
        </label>
        <textarea id="task-description" name="description" rows="3" maxLength={5000} class="input">
          {props.task?.description ?? ''}
        </textarea>
      </div>
      <div class="flex gap-2 border-t border-slate-100 pt-5">
        <button type="submit" class="btn-primary" disabled={pending()}>
          {pending() ? 'שומרים…' : props.task ? 'שמירת המשימה' : 'הוספת המשימה'}
        </button>
        <button type="button" class="btn-secondary" onClick={() => props.onClose()}>
          ביטול
        </button>
      </div>
    </form>
  );
}
