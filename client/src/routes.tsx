import { Navigate, type RouteDefinition } from '@solidjs/router';
import { type Component, lazy, type ParentProps } from 'solid-js';
import { HOME_PAGE } from '../../server/auth/permissions';
import { useMe } from './auth';
import { AuthGuard, RoleGuard } from './guards';
import { Shell } from './layout/Shell';
import { PAGES, type PageEntry } from './nav';

/** "/" sends each role to its own home page. */
function HomeRedirect() {
  const me = useMe();
  return <Navigate href={HOME_PAGE[me().role]} />;
}

function guardedPage(entry: PageEntry): Component {
  const Page = lazy(entry.load);
  return () => (
    <RoleGuard action={entry.action} feature={entry.feature}>
      <Page />
    </RoleGuard>
  );
}

function SignedInShell(props: ParentProps) {
  return (
    <AuthGuard>
      <Shell>{props.children}</Shell>
    </AuthGuard>
  );
}

/** The whole route table: /login is public, everything else sits behind AuthGuard. */
export const routes: RouteDefinition[] = [
  { path: '/login', component: lazy(() => import('./pages/login')) },
  { path: '/forgot-password', component: lazy(() => import('./pages/account/ForgotPasswordPage')) },
  { path: '/reset-password', component: lazy(() => import('./pages/account/ResetPasswordPage')) },
  {
    path: '/',
    component: SignedInShell,
    children: [
      { path: '/', component: HomeRedirect },
      // Every signed-in person's own account, whatever their role.
      { path: '/profile', component: lazy(() => import('./pages/account/ProfilePage')) },
      ...PAGES.map((entry) => ({ path: entry.path, component: guardedPage(entry) })),
      { path: '*', component: lazy(() => import('./pages/not-found')) },
    ],
  },
];
