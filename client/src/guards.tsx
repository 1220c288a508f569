import { Navigate } from '@solidjs/router';
import { Match, type ParentProps, Show, Switch } from 'solid-js';
import { type Action, can, HOME_PAGE } from '../../server/auth/permissions';
import { useSession } from './auth';

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

/** Renders its children only if the user's role may perform `action`; otherwise sends them home. */
export function RoleGuard(props: ParentProps<{ action: Action }>) {
  const session = useSession();
  return (
    <Show when={session()?.user.role}>
      {(role) => (
        <Show when={can(role(), props.action)} fallback={<Navigate href={HOME_PAGE[role()]} />}>
          {props.children}
        </Show>
      )}
    </Show>
  );
}
