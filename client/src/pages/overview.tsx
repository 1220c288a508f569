import { createAsync, query, useSearchParams } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { api } from '../api';
import { useMe } from '../auth';
import type { Overview } from '../types';
import { PageHeader } from '../ui/common';
import { Icon, type IconName } from '../ui/Icon';
import { BusinessPicker } from './businesses/BusinessPicker';

const getOverview = query(
  (businessId?: string) =>
    api.get<Overview>(`/api/overview${businessId ? `?businessId=${encodeURIComponent(businessId)}` : ''}`),
  'overview',
);

const numberFormat = new Intl.NumberFormat('he-IL');

/** Real counts for now; call and lead figures join them when those features land. */
export default function OverviewPage() {
  const me = useMe();
  const isSystemAdmin = () => me().role === 'system_admin';
  const [params, setParams] = useSearchParams<{ businessId?: string }>();
  const businessId = () => (isSystemAdmin() ? params.businessId || undefined : undefined);
  const overview = createAsync(() => getOverview(businessId()));

  const cards = () => {
    const counts = overview()?.counts;
    if (!counts) return [];
    const list: { label: string; value: number; icon: IconName }[] = [
      { label: 'משתמשים', value: counts.users, icon: 'users' },
      { label: 'מספרי טלפון', value: counts.phoneNumbers, icon: 'phone' },
    ];
    if (counts.businesses !== undefined)
      list.unshift({ label: 'עסקים', value: counts.businesses, icon: 'businesses' });
    return list;
  };

  return (
    <>
      <PageHeader
        title="סקירה כללית"
        description="תמונת מצב של החשבון"
        actions={
          <Show when={isSystemAdmin()}>
            <BusinessPicker
              value={businessId()}
              emptyLabel="כל העסקים"
              onChange={(id) => setParams({ businessId: id })}
            />
          </Show>
        }
      />
      <section aria-label="נתונים" class="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <For each={cards()}>
          {(card) => (
            <div class="card p-5">
              <div class="flex items-center justify-between text-slate-500">
                <span class="text-sm font-medium">{card.label}</span>
                <Icon name={card.icon} class="h-4.5 w-4.5" />
              </div>
              <p class="mt-3 text-3xl font-semibold tracking-tight text-slate-900 tabular-nums">
                {numberFormat.format(card.value)}
              </p>
            </div>
          )}
        </For>
      </section>
      <section class="card mt-6 p-5">
        <h2 class="text-sm font-semibold text-slate-900">שיחות ולידים</h2>
        <p class="mt-1 text-sm text-slate-500">
          נתוני השיחות והלידים יופיעו כאן כשהעוזר הקולי יתחיל לקבל פניות.
        </p>
      </section>
    </>
  );
}
