import { Navigate } from '@solidjs/router';
import { Match, type ParentProps, Show, Switch } from 'solid-js';
import { type Action, can, HOME_PAGE, type Role } from '../../server/auth/permissions';
import { useSession } from './auth';
import type { Features } from './types';

/**
 * Renders its children only for a signed-in user; a signed-out visitor goes to /login.
 * Renders nothing while the session loads, so nobody is redirected on a guess.
 */
export function AuthGuard(props: ParentProps) {
  const session = useSession();
  return (
    <Switch>
      <Match when={session() === null}>
        <Navigate href="/login" />
      </Match>
      <Match when={session()}>{props.children}</Match>
    </Switch>
  );
}

/**
 * Renders its children only if the user's role may perform `action` (and, for a page behind
 * a feature flag, the business has it on); otherwise sends them home.
 */
export function RoleGuard(props: ParentProps<{ action: Action; feature?: keyof Features }>) {
  const session = useSession();
  const open = (role: Role) =>
    can(role, props.action) && (!props.feature || session()?.business?.features[props.feature] === true);
  return (
    <Show when={session()?.user.role}>
      {(role) => (
        <Show when={open(role())} fallback={<Navigate href={HOME_PAGE[role()]} />}>
          {props.children}
        </Show>
      )}
    </Show>
  );
}
