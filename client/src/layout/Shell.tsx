import { useIsRouting } from '@solidjs/router';
import { ErrorBoundary, type ParentProps, Show, Suspense } from 'solid-js';
import { useSession } from '../auth';
import { NotificationBell } from '../notifications/NotificationBell';
import { LoadingBlock } from '../ui/common';
import { Toaster } from '../ui/toast';
import { PageError } from './PageError';
import { Sidebar } from './Sidebar';

/** The signed-in frame: the sidebar on the start side (right, in Hebrew) and the page beside it. */
export function Shell(props: ParentProps) {
  const session = useSession();
  const routing = useIsRouting();
  return (
    <div class="min-h-screen md:flex">
      {/* The next page is loading (its code or its data): a bar at the top, announced once. */}
      <Show when={routing()}>
        <div
          role="progressbar"
          aria-label="טוען את העמוד"
          class="nav-progress fixed inset-x-0 top-0 z-50 h-0.5 bg-brand-600"
        />
      </Show>
      <Sidebar />
      <main id="main" class="min-w-0 flex-1">
        {/* Notifications belong to users of a business; a system admin has none. */}
        <Show when={session()?.business}>
          <div class="mx-auto flex max-w-6xl justify-end px-5 pt-4 md:px-10">
            <NotificationBell />
          </div>
        </Show>
        <div class="mx-auto max-w-6xl px-5 py-8 md:px-10 md:py-10">
          <ErrorBoundary fallback={(error, reset) => <PageError error={error} reset={reset} />}>
            <Suspense fallback={<LoadingBlock />}>{props.children}</Suspense>
          </ErrorBoundary>
        </div>
      </main>
      <Toaster />
    </div>
  );
}
