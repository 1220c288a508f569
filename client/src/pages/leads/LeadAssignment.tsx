import { useAction, useSubmission } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { errorMessage } from '../../errors';
import { FormAlert } from '../../ui/common';
import { type Lead, type LeadStatus, updateLead } from './data';

/** The lead's status and assignee; each select saves as soon as it changes. */
export function LeadAssignment(props: {
  businessId: string | undefined;
  lead: Lead;
  statuses: LeadStatus[];
  assignees: { id: string; name: string }[];
  canWrite: boolean;
}) {
  const save = useAction(updateLead);
  const submission = useSubmission(
    updateLead,
    (input) => input[1] === props.lead.id && ('statusId' in input[2] || 'assigneeId' in input[2]),
  );
  // A retired status stays listed while the lead still has it, but cannot be chosen.
  const statusOptions = () => props.statuses.filter((s) => !s.retired || s.id === props.lead.status.id);
  const assigneeOptions = () => {
    const current = props.lead.assignee;
    const list = props.assignees;
    return current && !list.some((u) => u.id === current.id) ? [current, ...list] : list;
  };

  async function change(select: HTMLSelectElement, patch: Parameters<typeof save>[2], previous: string) {
    try {
      await save(props.businessId, props.lead.id, patch);
    } catch {
      select.value = previous; // the server refused: show what still holds
    }
  }

  return (
    <div class="space-y-4">
      <FormAlert message={submission.error ? errorMessage(submission.error) : undefined} />
      <div>
        <label for="lead-status" class="label">
          סטטוס
        </label>
        <select
          id="lead-status"
          class="input"
          disabled={!props.canWrite || submission.pending}
          onChange={(event) =>
            change(event.currentTarget, { statusId: event.currentTarget.value }, props.lead.status.id)
          }
        >
          <For each={statusOptions()}>
            {(status) => (
              <option
                value={status.id}
                disabled={status.retired}
                selected={status.id === props.lead.status.id}
              >
                {status.name}
              </option>
            )}
          </For>
        </select>
      </div>
      <div>
        <label for="lead-assignee" class="label">
          אחראי/ת
        </label>
        <select
          id="lead-assignee"
          class="input"
          disabled={!props.canWrite || submission.pending}
          onChange={(event) =>
            change(
              event.currentTarget,
              { assigneeId: event.currentTarget.value || null },
              props.lead.assignee?.id ?? '',
            )
          }
        >
          <option value="" selected={!props.lead.assignee}>
            ללא אחראי/ת
          </option>
          <For each={assigneeOptions()}>
            {(user) => (
              <option value={user.id} selected={user.id === props.lead.assignee?.id}>
                {user.name}
              </option>
            )}
          </For>
        </select>
        <Show when={!props.canWrite}>
          <p class="mt-1.5 text-xs text-slate-500">אין לך הרשאה לשנות ליד.</p>
        </Show>
      </div>
    </div>
  );
}
