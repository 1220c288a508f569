import { createAsync, query, useSearchParams } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { api } from '../api';
import { useMe } from '../auth';
import { useBusinessScope } from '../scope';
import type { Overview, OverviewFigures, OverviewPeriod } from '../types';
import { PageHeader } from '../ui/common';
import { Icon, type IconName } from '../ui/Icon';
import { Ltr } from '../ui/Ltr';
import { BusinessPicker } from './businesses/BusinessPicker';
import { OUTCOME_LABEL } from './calls/labels';
import { SOURCE_LABEL } from './leads/labels';
import { BarChart } from './overview/BarChart';

const getOverview = query((businessId: string | undefined, period: OverviewPeriod) => {
  const q = new URLSearchParams({ period });
  if (businessId) q.set('businessId', businessId);
  return api.get<Overview>(`/api/overview?${q}`);
}, 'overview');

const numberFormat = new Intl.NumberFormat('he-IL');
const percent = new Intl.NumberFormat('he-IL', { style: 'percent', maximumFractionDigits: 0 });
const PERIODS: { id: OverviewPeriod; label: string }[] = [
  { id: 'today', label: 'היום' },
  { id: '7d', label: '7 ימים' },
  { id: '30d', label: '30 ימים' },
];

const ms = (v: number | null) => (v === null ? '—' : v >= 1000 ? `${(v / 1000).toFixed(1)} שנ׳` : `${v} מ״ש`);

export default function OverviewPage() {
  const me = useMe();
  const isSystemAdmin = () => me().role === 'system_admin';
  const scope = useBusinessScope();
  const businessId = scope.businessId;
  const [params, setParams] = useSearchParams<{ period?: string }>();
  const period = (): OverviewPeriod =>
    PERIODS.some((p) => p.id === params.period) ? (params.period as OverviewPeriod) : 'today';
  const overview = createAsync(() => getOverview(businessId(), period()));

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
        description="תמונת מצב של העסק"
        actions={
          <Show when={isSystemAdmin()}>
            <BusinessPicker value={businessId()} emptyLabel="כל העסקים" onChange={scope.setBusinessId} />
          </Show>
        }
      />
      <Show
        when={overview()?.figures}
        fallback={
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
        }
      >
        {(figures) => (
          <>
            <fieldset class="mb-4 flex gap-2 border-0 p-0">
              <legend class="sr-only">תקופה</legend>
              <For each={PERIODS}>
                {(p) => (
                  <button
                    type="button"
                    class={period() === p.id ? 'btn-primary' : 'btn-secondary'}
                    aria-pressed={period() === p.id}
                    onClick={() => setParams({ period: p.id })}
                  >
                    {p.label}
                  </button>
                )}
              </For>
            </fieldset>
            <Figures figures={figures()} />
          </>
        )}
      </Show>
    </>
  );
}

function Stat(props: { id: string; label: string; value: string; hint?: string }) {
  return (
    <div class="card p-5" data-figure={props.id}>
      <p class="text-sm font-medium text-slate-500">{props.label}</p>
      <p class="mt-2 text-3xl font-semibold tracking-tight text-slate-900 tabular-nums" data-value>
        <Ltr>{props.value}</Ltr>
      </p>
      <Show when={props.hint}>
        <p class="mt-1 text-xs text-slate-500">{props.hint}</p>
      </Show>
    </div>
  );
}

function Figures(props: { figures: OverviewFigures }) {
  const f = () => props.figures;
  const n = (v: number) => numberFormat.format(v);
  const daily = () => f().period !== 'today';
  const seriesBars = () =>
    f().series.map((s) => ({
      label: daily() ? `${s.start.slice(8, 10)}/${s.start.slice(5, 7)}` : s.start.slice(11, 13),
      parts: [
        { value: s.answered, tone: 'brand' as const },
        { value: s.missed, tone: 'red' as const },
      ],
    }));
  const hourBars = () =>
    f().byHour.map((v, h) => ({
      label: String(h).padStart(2, '0'),
      parts: [{ value: v, tone: 'brand' as const }],
    }));
  const sources = () => Object.entries(f().leadsBySource).sort((a, b) => b[1] - a[1]);
  const outcomes = () => Object.entries(f().outcomes).sort((a, b) => b[1] - a[1]);
  return (
    <div class="space-y-6">
      <section aria-label="נתונים" class="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat id="answered" label="שיחות שנענו" value={n(f().calls.answered)} />
        <Stat id="missed" label="שיחות שלא נענו" value={n(f().calls.missed)} />
        <Stat
          id="bookings"
          label="תורים שקבע העוזר"
          value={n(f().bookings.byAssistant)}
          hint={`מתוך ${n(f().bookings.total)} תורים שנקבעו`}
        />
        <Stat id="whatsapp" label="שיחות וואטסאפ" value={n(f().whatsappConversations)} />
        <Stat
          id="faq"
          label="נענו מהשאלות הנפוצות"
          value={f().faqShare === null ? '—' : percent.format(f().faqShare ?? 0)}
          hint="מתוך השיחות שנענו"
        />
        <Stat
          id="greeting"
          label="זמן עד הפתיח (חציון)"
          value={ms(f().greetingMs.median)}
          hint={`95%: ${ms(f().greetingMs.p95)}`}
        />
        <Stat
          id="turn"
          label="זמן תגובה לתור (חציון)"
          value={ms(f().turnLatencyMs.median)}
          hint={`95%: ${ms(f().turnLatencyMs.p95)} · ${n(f().turnLatencyMs.turns)} תורות`}
        />
      </section>
      <section class="grid gap-4 lg:grid-cols-2">
        <div class="card p-5">
          <BarChart
            title={daily() ? 'שיחות לפי יום' : 'שיחות לפי שעה היום'}
            bars={seriesBars()}
            tickEvery={daily() ? (f().series.length > 10 ? 5 : 1) : 3}
            legend={[
              { label: 'נענו', tone: 'brand' },
              { label: 'לא נענו', tone: 'red' },
            ]}
          />
        </div>
        <div class="card p-5">
          <BarChart title="השעות העמוסות" bars={hourBars()} tickEvery={3} />
        </div>
      </section>
      <section class="grid gap-4 lg:grid-cols-2">
        <Breakdown
          title="לידים לפי מקור"
          id="leads"
          rows={sources().map(([k, v]) => [SOURCE_LABEL[k as keyof typeof SOURCE_LABEL] ?? k, v])}
        />
        <Breakdown
          title="תוצאות השיחות"
          id="outcomes"
          rows={outcomes().map(([k, v]) => [OUTCOME_LABEL[k as keyof typeof OUTCOME_LABEL] ?? k, v])}
        />
      </section>
    </div>
  );
}

/** Horizontal bars (logical start to end, so they grow right to left in Hebrew). */
function Breakdown(props: { title: string; id: string; rows: [string, number][] }) {
  const max = () => Math.max(1, ...props.rows.map((r) => r[1]));
  return (
    <section class="card p-5" aria-labelledby={`${props.id}-title`} data-breakdown={props.id}>
      <h2 id={`${props.id}-title`} class="mb-3 text-sm font-semibold text-slate-900">
        {props.title}
      </h2>
      <Show when={props.rows.length} fallback={<p class="text-sm text-slate-500">אין נתונים בתקופה.</p>}>
        <ul class="space-y-2">
          <For each={props.rows}>
            {([label, value]) => (
              <li class="grid grid-cols-[8rem_1fr_3rem] items-center gap-2 text-sm" data-row={label}>
                <span class="text-slate-700">{label}</span>
                <span class="h-2.5 rounded-full bg-slate-100" aria-hidden="true">
                  <span
                    class="block h-2.5 rounded-full bg-brand-600"
                    style={{ 'inline-size': `${(value / max()) * 100}%` }}
                  />
                </span>
                <span class="text-end tabular-nums text-slate-900" data-value>
                  {numberFormat.format(value)}
                </span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
