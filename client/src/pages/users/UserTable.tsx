import { useAction, useSubmission } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { canGrant, ROLES, type Role } from '../../../../server/auth/permissions';
import { useMe } from '../../auth';
import { formatDate, ROLE_LABEL } from '../../labels';
import type { User } from '../../types';
import { Confirmed } from '../../ui/Confirmed';
import { Badge } from '../../ui/common';
import { updateUser } from './data';

/**
 * Users of one business. Controls appear only where the signed-in user may act: never on
 * themselves, and (below system admin) only on roles they could grant.
 */
export function UserTable(props: { users: User[]; onResetPassword: (user: User) => void }) {
  return (
    <div class="card overflow-x-auto">
      <table class="w-full cards-on-phone">
        <caption class="sr-only">משתמשי העסק</caption>
        <thead class="border-b border-slate-200 bg-slate-50/60">
          <tr>
            <th scope="col" class="th">
              שם
            </th>
            <th scope="col" class="th">
              אימייל
            </th>
            <th scope="col" class="th">
              תפקיד
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
          <For each={props.users}>
            {(user) => <UserRow user={user} onResetPassword={() => props.onResetPassword(user)} />}
          </For>
        </tbody>
      </table>
    </div>
  );
}

function UserRow(props: { user: User; onResetPassword: () => void }) {
  const me = useMe();
  const update = useAction(updateUser);
  const pending = useSubmission(updateUser, (input) => input[0] === props.user.id);
  const isSelf = () => props.user.id === me().id;
  const manageable = () => !isSelf() && canGrant(me().role, props.user.role);
  const roleOptions = () =>
    ROLES.filter(
      (role) => role === props.user.role || (role !== 'system_admin' && canGrant(me().role, role)),
    );

  async function changeRole(select: HTMLSelectElement) {
    try {
      await update(props.user.id, { role: select.value as Role });
    } catch {
      select.value = props.user.role; // the server refused: show the role that still holds
    }
  }

  return (
    <tr class="hover:bg-slate-50/60">
      <td data-label="שם" class="td font-medium text-slate-900">
        {props.user.name}
        <Show when={isSelf()}>
          <span class="ms-2 text-xs font-normal text-slate-400">(את/ה)</span>
        </Show>
      </td>
      <td data-label="אימייל" class="td text-slate-500">
        <span dir="ltr">{props.user.email}</span>
      </td>
      <td data-label="תפקיד" class="td">
        <Show
          when={manageable() && roleOptions().length > 1}
          fallback={<Badge tone="slate">{ROLE_LABEL[props.user.role]}</Badge>}
        >
          <label for={`role-${props.user.id}`} class="sr-only">
            {`תפקיד של ${props.user.name}`}
          </label>
          <select
            id={`role-${props.user.id}`}
            class="input w-auto py-1.5"
            disabled={pending.pending}
            onChange={(event) => void changeRole(event.currentTarget)}
          >
            <For each={roleOptions()}>
              {(role) => (
                <option value={role} selected={role === props.user.role}>
                  {ROLE_LABEL[role]}
                </option>
              )}
            </For>
          </select>
        </Show>
      </td>
      <td data-label="סטטוס" class="td">
        <Badge tone={props.user.disabled ? 'slate' : 'green'} dot>
          {props.user.disabled ? 'מושבת' : 'פעיל'}
        </Badge>
      </td>
      <td data-label="נוצר" class="td whitespace-nowrap text-slate-500">
        {formatDate(props.user.createdAt)}
      </td>
      <td data-label="פעולות" class="td">
        <Show when={manageable()}>
          <div class="flex justify-end gap-2">
            <button type="button" class="btn-ghost btn-sm" onClick={() => props.onResetPassword()}>
              איפוס סיסמה
            </button>
            <Confirmed
              id={`disable-${props.user.id}`}
              class={`${props.user.disabled ? 'btn-secondary' : 'btn-danger'} btn-sm`}
              disabled={pending.pending}
              when={!props.user.disabled}
              ariaLabel={`${props.user.disabled ? 'הפעלת' : 'השבתת'} ${props.user.name}`}
              label={props.user.disabled ? 'הפעלה' : 'השבתה'}
              title={`להשבית את ${props.user.name}?`}
              confirmLabel="השבתה"
              action={() => update(props.user.id, { disabled: !props.user.disabled })}
            >
              החיבור של המשתמש/ת יסתיים מיד, ולא תהיה אפשרות להתחבר עד להפעלה מחדש.
            </Confirmed>
          </div>
        </Show>
      </td>
    </tr>
  );
}
