import '@fontsource/heebo/hebrew-400.css';
import '@fontsource/heebo/hebrew-500.css';
import '@fontsource/heebo/hebrew-600.css';
import '@fontsource/heebo/hebrew-700.css';
import '@fontsource/heebo/latin-400.css';
import '@fontsource/heebo/latin-500.css';
import '@fontsource/heebo/latin-600.css';
import '@fontsource/heebo/latin-700.css';
import 'virtual:uno.css';
import './base.css';
import { Router, type RouteSectionProps } from '@solidjs/router';
import { ErrorBoundary, Suspense } from 'solid-js';
import { render } from 'solid-js/web';
import { AuthProvider } from './auth';
import { PageError } from './layout/PageError';
import { routes } from './routes';

/** Loads the session once; an error loading it (server down, say) gets a retry, not a blank page. */
function App(props: RouteSectionProps) {
  return (
    <ErrorBoundary
      fallback={(error, reset) => (
        <main class="mx-auto max-w-lg px-4 py-24">
          <PageError error={error} reset={reset} />
        </main>
      )}
    >
      <AuthProvider>
        <Suspense>{props.children}</Suspense>
      </AuthProvider>
    </ErrorBoundary>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
render(() => <Router root={App}>{routes}</Router>, root);
