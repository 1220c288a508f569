import { createAsync, revalidate, useSearchParams } from '@solidjs/router';
import { createEffect, createSignal, Match, onCleanup, Switch } from 'solid-js';
import { withQuery } from '../../api';
import { ScopedPage } from '../../layout/ScopedPage';
import { useBusinessScope } from '../../scope';
import { EmptyState, LoadingBlock } from '../../ui/common';
import { countText, cursorPages } from '../../ui/cursor-pages';
import { Icon } from '../../ui/Icon';
import { Pagination } from '../leads/Pagination';
import { apiFilters, type CallFilterParams, CallFiltersBar } from './CallFiltersBar';
import { CallTable } from './CallTable';
import { type CallListItem, listCalls, openCallStream } from './data';
import { createLiveCalls, LiveCallsPanel } from './LiveCalls';

const PAGE_SIZE = 25;

type Params = CallFilterParams & { after?: string; back?: string; businessId?: string };

/**
 * The call log: every call of the business, newest first, filtered and searched on the
 * server and paged by cursor; everything in the URL. The first page follows the business's
 * calls live (a new call, an answer, a hang-up, a summary arriving), over the call stream.
 */
export default function CallsPage() {
  const scope = useBusinessScope();
  const [params, setParams] = useSearchParams<Params>();
  const pages = cursorPages(params, setParams);
  const filters = (): CallFilterParams => ({
    q: params.q || undefined,
    fromDay: params.fromDay || undefined,
    toDay: params.toDay || undefined,
    status: params.status || undefined,
    outcome: params.outcome || undefined,
    direction: params.direction || undefined,
    hasRecording: params.hasRecording || undefined,
    minSeconds: params.minSeconds || undefined,
    maxSeconds: params.maxSeconds || undefined,
    leadId: params.leadId || undefined,
  });
  const result = createAsync(async () =>
    scope.ready()
      ? listCalls(scope.businessId(), apiFilters(filters()), PAGE_SIZE, params.after || undefined)
      : undefined,
  );
  const [live, setLive] = createSignal(false);
  const inProgress = createLiveCalls(() => scope.businessId());
  createEffect(() => {
    if (!scope.ready()) return;
    const close = openCallStream(scope.businessId(), {
      onChange: () => {
        setLive(true);
        // A later page stays where it is: new calls are on the first one.
        if (!params.after) void revalidate(listCalls.key);
      },
      onEvent: inProgress.handle,
    });
    // The calls already in progress, after the stream is open so none is missed in between.
    void inProgress.load().catch(() => {});
    onCleanup(close);
  });
  const href = (call: CallListItem) =>
    withQuery(`/calls/${encodeURIComponent(call.id)}`, { businessId: scope.businessId() });
  const filtered = () => Object.values(filters()).some((v) => v !== undefined);

  return (
    <ScopedPage
      scope={scope}
      title="שיחות"
      description="כל השיחות של העוזר הדיגיטלי: מי התקשר, מה נאמר ומה יצא מזה"
      icon="phone"
      choosePrompt="בחרו עסק מהרשימה כדי לראות את השיחות שלו."
    >
      <LiveCallsPanel calls={inProgress.calls} />
      <CallFiltersBar
        filters={filters()}
        onChange={(change) => setParams({ ...change, after: undefined, back: undefined }, { replace: true })}
      />
      <span class="sr-only" aria-live="polite">
        {live() ? 'הרשימה מתעדכנת בזמן אמת' : ''}
      </span>
      <Switch fallback={<LoadingBlock label="טוען שיחות…" />}>
        <Match when={result()?.total === 0}>
          <section class="card">
            <EmptyState
              icon={<Icon name="phone" class="h-6 w-6" />}
              title={filtered() ? 'לא נמצאו שיחות' : 'עדיין אין שיחות'}
              description="כל שיחה שהעוזר עונה עליה מופיעה כאן מיד, עם ההקלטה, התמליל והסיכום."
            />
          </section>
        </Match>
        <Match when={result()}>
          {(found) => (
            <>
              <CallTable calls={found().calls} href={href} />
              <Pagination
                page={pages.page()}
                pageSize={PAGE_SIZE}
                shown={found().calls.length}
                total={countText(found())}
                hasNext={found().next !== null}
                onNext={() => pages.next(found().next)}
                onPrevious={() => pages.previous()}
              />
            </>
          )}
        </Match>
      </Switch>
    </ScopedPage>
  );
}
