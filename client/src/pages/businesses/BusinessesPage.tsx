import { createAsync, useSubmission } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { errorMessage } from '../../errors';
import { EmptyState, FormAlert, PageHeader } from '../../ui/common';
import { Icon } from '../../ui/Icon';
import { BusinessTable } from './BusinessTable';
import { CreateBusinessForm } from './CreateBusinessForm';
import { listBusinesses, setBusinessStatus } from './data';

/** The system admin's list of every business: create, suspend, activate. */
export default function BusinessesPage() {
  const businesses = createAsync(() => listBusinesses());
  const [creating, setCreating] = createSignal(false);
  const statusChange = useSubmission(setBusinessStatus);
  return (
    <>
      <PageHeader
        title="עסקים"
        description="כל העסקים במערכת, מספרי הטלפון שלהם והסטטוס"
        actions={
          <Show when={!creating()}>
            <button type="button" class="btn-primary" onClick={() => setCreating(true)}>
              <Icon name="plus" />
              עסק חדש
            </button>
          </Show>
        }
      />
      <Show when={creating()}>
        <CreateBusinessForm onDone={() => setCreating(false)} />
      </Show>
      <Show when={statusChange.error}>
        <div class="mb-4">
          <FormAlert message={errorMessage(statusChange.error)} />
        </div>
      </Show>
      <Show
        when={businesses()?.length}
        fallback={
          <section class="card">
            <EmptyState
              icon={<Icon name="businesses" class="h-6 w-6" />}
              title="עדיין אין עסקים"
              description="צרו את העסק הראשון כדי לחבר אליו מספר טלפון ומשתמשים."
            />
          </section>
        }
      >
        <BusinessTable businesses={businesses() ?? []} />
      </Show>
    </>
  );
}
