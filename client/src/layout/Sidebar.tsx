import { A, useLocation, useSubmission } from '@solidjs/router';
import { createEffect, createSignal, For, on, Show } from 'solid-js';
import { logout, useSession } from '../auth';
import { ROLE_LABEL } from '../labels';
import { PAGES, pageOpen } from '../nav';
import { Icon } from '../ui/Icon';

/**
 * Lists only the pages the user's role may open (the same check RoleGuard makes). On a
 * phone it is a bar with a menu button that opens every item as a drawer, closed again by
 * choosing a page.
 */
export function Sidebar() {
  const session = useSession();
  const [open, setOpen] = createSignal(false);
  const location = useLocation();
  createEffect(
    on(
      () => location.pathname,
      () => setOpen(false),
      { defer: true },
    ),
  );
  const visiblePages = () => {
    const role = session()?.user.role;
    const features = session()?.business?.features;
    return role ? PAGES.filter((page) => page.nav !== false && pageOpen(page, role, features)) : [];
  };
  const loggingOut = useSubmission(logout);
  return (
    <aside class="flex shrink-0 flex-col border-b border-slate-200 bg-white md:(sticky top-0 h-screen w-64 border-b-0 border-e)">
      <div class="flex items-center gap-2.5 px-5 pt-5 pb-4">
        <span
          class="flex h-8 w-8 items-center justify-center rounded-lg bg-brand-600 text-sm font-bold text-white"
          aria-hidden="true"
        >
          P
        </span>
        <div class="min-w-0">
          <p class="text-sm font-semibold text-slate-900" dir="ltr">
            ProSaaS
          </p>
          <p class="truncate text-xs text-slate-500">{session()?.business?.name ?? 'ניהול המערכת'}</p>
        </div>
        <button
          type="button"
          class="btn-ghost ms-auto md:hidden"
          aria-expanded={open()}
          aria-controls="main-menu"
          onClick={() => setOpen(!open())}
        >
          <Icon name={open() ? 'close' : 'menu'} />
          תפריט
        </button>
      </div>
      <div id="main-menu" class={`${open() ? 'flex' : 'hidden'} flex-1 flex-col md:flex`}>
        <nav aria-label="ניווט ראשי" class="flex-1 px-3 py-2">
          <ul class="flex flex-col gap-1">
            <For each={visiblePages()}>
              {(page) => (
                <li>
                  <A
                    href={page.path}
                    class="focusable flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium text-slate-600 transition-colors hover:(bg-slate-100 text-slate-900)"
                    activeClass="bg-brand-50 !text-brand-700"
                  >
                    <Icon name={page.icon} class="h-4.5 w-4.5 shrink-0" />
                    {page.label}
                  </A>
                </li>
              )}
            </For>
          </ul>
        </nav>

        <Show when={session()?.user}>
          {(user) => (
            <div class="flex items-center justify-between gap-3 border-t border-slate-200 p-3 md:block">
              <div class="min-w-0 px-2 md:pb-3">
                <A
                  href="/profile"
                  class="block truncate text-sm font-medium text-slate-900 hover:underline"
                  title="הפרופיל שלי"
                >
                  {user().name}
                </A>
                <p class="truncate text-xs text-slate-500">
                  {ROLE_LABEL[user().role]} · <span dir="ltr">{user().email}</span>
                </p>
              </div>
              <form action={logout} method="post">
                <button type="submit" class="btn-ghost justify-start md:w-full" disabled={loggingOut.pending}>
                  <Icon name="logout" />
                  {loggingOut.pending ? 'מתנתקים…' : 'התנתקות'}
                </button>
              </form>
            </div>
          )}
        </Show>
      </div>
    </aside>
  );
}
