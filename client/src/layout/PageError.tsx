import { revalidate, useLocation } from '@solidjs/router';
import { createEffect, on } from 'solid-js';
import { ApiError } from '../api';
import { getSession } from '../auth';
import { errorMessage } from '../errors';
import { EmptyState } from '../ui/common';

/**
 * What a page shows when its data fails to load. A 401 means the session ended
 * elsewhere: refreshing the session lets AuthGuard send the user to /login.
 */
export function PageError(props: { error: unknown; reset: () => void }) {
  const location = useLocation();
  createEffect(
    on(
      () => location.pathname,
      () => props.reset(),
      { defer: true },
    ),
  );
  createEffect(() => {
    if (props.error instanceof ApiError && props.error.status === 401) void revalidate(getSession.keyFor());
  });
  return (
    <div class="card" role="alert">
      <EmptyState title="לא הצלחנו לטעון את הדף" description={errorMessage(props.error)}>
        <button type="button" class="btn-secondary mt-5" onClick={() => props.reset()}>
          נסו שוב
        </button>
      </EmptyState>
    </div>
  );
}
