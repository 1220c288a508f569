import { action, createAsync, query, redirect, revalidate } from '@solidjs/router';
import { type Accessor, createContext, type ParentProps, useContext } from 'solid-js';
import { ApiError, api } from './api';
import { type FormInput, text } from './forms';

import type { Session, SessionUser } from './types';

/** The signed-in user and their business, or null when the session cookie is absent or expired. */
export const getSession = query(async (): Promise<Session | null> => {
  try {
    return await api.get<Session>('/api/auth/me');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}, 'session');

/**
 * Signs in, then refreshes the session before resolving, so the login page sees the
 * user and sends them to their home page; a failed login rejects with the ApiError.
 */
export const login = action(async (form: FormInput) => {
  await api.post<{ user: SessionUser }>('/api/auth/login', {
    email: text(form, 'email'),
    password: String(form.get('password') ?? ''),
  });
  await revalidate(getSession.keyFor());
}, 'login');

/**
 * Ends the session. The session is emptied before navigating so no guard sees a stale
 * user on /login; the redirect then drops every cached query of the previous user.
 */
export const logout = action(async () => {
  await api.post('/api/auth/logout');
  await revalidate(getSession.keyFor());
  throw redirect('/login');
}, 'logout');

const SessionContext = createContext<Accessor<Session | null | undefined>>();

/** Loads the session once for the whole app; must sit inside the Router. */
export function AuthProvider(props: ParentProps) {
  const session = createAsync(() => getSession());
  return <SessionContext.Provider value={session}>{props.children}</SessionContext.Provider>;
}

/** undefined while loading, null when signed out. */
export function useSession(): Accessor<Session | null | undefined> {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside <AuthProvider>');
  return session;
}

/**
 * The current user, for components rendered behind AuthGuard (which only renders its
 * children once a user exists). Throws if that invariant is broken.
 */
export function useMe(): Accessor<SessionUser> {
  const session = useSession();
  return () => {
    const user = session()?.user;
    if (!user) throw new Error('useMe used outside AuthGuard');
    return user;
  };
}
