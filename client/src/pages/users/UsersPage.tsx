import { createAsync, useSubmission } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { errorMessage } from '../../errors';
import { useBusinessScope } from '../../scope';
import type { User } from '../../types';
import { EmptyState, FormAlert, PageHeader } from '../../ui/common';
import { Icon } from '../../ui/Icon';
import { BusinessPicker } from '../businesses/BusinessPicker';
import { CreateUserForm } from './CreateUserForm';
import { listUsers, updateUser } from './data';
import { ResetPasswordDialog } from './ResetPasswordDialog';
import { UserTable } from './UserTable';

/**
 * The users of a business. Owners and admins see their own business; the system admin
 * picks one, kept in `?businessId=` so the view can be linked and reloaded.
 */
export default function UsersPage() {
  const scope = useBusinessScope();
  const isSystemAdmin = scope.isSystemAdmin;
  const businessId = scope.businessId;
  const hasBusiness = scope.ready;
  const users = createAsync(async () => (hasBusiness() ? listUsers(businessId()) : undefined));
  const [creating, setCreating] = createSignal(false);
  const [resetting, setResetting] = createSignal<User>();
  const [notice, setNotice] = createSignal<string>();
  const lastUpdate = useSubmission(updateUser, (input) => !('password' in input[1]));

  return (
    <>
      <PageHeader
        title="משתמשים"
        description="מי יכול להיכנס ללוח הבקרה ובאיזה תפקיד"
        actions={
          <div class="flex flex-wrap items-end gap-3">
            <Show when={isSystemAdmin()}>
              <BusinessPicker value={businessId()} emptyLabel="בחרו עסק…" onChange={scope.setBusinessId} />
            </Show>
            <Show when={hasBusiness() && !creating()}>
              <button type="button" class="btn-primary" onClick={() => setCreating(true)}>
                <Icon name="plus" />
                משתמש חדש
              </button>
            </Show>
          </div>
        }
      />
      <Show when={creating() && hasBusiness()}>
        <CreateUserForm businessId={businessId()} onDone={() => setCreating(false)} />
      </Show>
      <Show when={lastUpdate.error}>
        <div class="mb-4">
          <FormAlert message={errorMessage(lastUpdate.error)} />
        </div>
      </Show>
      <Show when={notice()}>
        <p role="status" class="mb-4 rounded-lg bg-emerald-50 px-3 py-2.5 text-sm text-emerald-800">
          {notice()}
        </p>
      </Show>
      <Show
        when={hasBusiness()}
        fallback={
          <section class="card">
            <EmptyState
              icon={<Icon name="businesses" class="h-6 w-6" />}
              title="בחרו עסק"
              description="בחרו עסק מהרשימה כדי לראות ולנהל את המשתמשים שלו."
            />
          </section>
        }
      >
        <Show
          when={users()?.length}
          fallback={
            <section class="card">
              <EmptyState icon={<Icon name="users" class="h-6 w-6" />} title="אין עדיין משתמשים בעסק הזה" />
            </section>
          }
        >
          <UserTable users={users() ?? []} onResetPassword={(user) => setResetting(user)} />
        </Show>
      </Show>
      <ResetPasswordDialog
        user={resetting()}
        onClose={(saved) => {
          setNotice(saved ? `הסיסמה של ${resetting()?.name ?? ''} עודכנה.` : undefined);
          setResetting(undefined);
        }}
      />
    </>
  );
}
