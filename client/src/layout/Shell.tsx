import { ErrorBoundary, type ParentProps, Suspense } from 'solid-js';
import { LoadingBlock } from '../ui/common';
import { PageError } from './PageError';
import { Sidebar } from './Sidebar';

/** The signed-in frame: the sidebar on the start side (right, in Hebrew) and the page beside it. */
export function Shell(props: ParentProps) {
  return (
    <div class="min-h-screen md:flex">
      <Sidebar />
      <main id="main" class="min-w-0 flex-1">
        <div class="mx-auto max-w-6xl px-5 py-8 md:px-10 md:py-10">
          <ErrorBoundary fallback={(error, reset) => <PageError error={error} reset={reset} />}>
            <Suspense fallback={<LoadingBlock />}>{props.children}</Suspense>
          </ErrorBoundary>
        </div>
      </main>
    </div>
  );
}
