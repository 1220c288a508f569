import { createAsync, useNavigate, useSearchParams } from '@solidjs/router';
import { createSignal, Match, Show, Switch } from 'solid-js';
import { can } from '../../../../server/auth/permissions';
import { withQuery } from '../../api';
import { useMe } from '../../auth';
import { ScopedPage } from '../../layout/ScopedPage';
import { useBusinessScope } from '../../scope';
import { EmptyState } from '../../ui/common';
import { countText, cursorPages } from '../../ui/cursor-pages';
import { Icon } from '../../ui/Icon';
import { CreateLeadForm } from './CreateLeadForm';
import { exportUrl, type Lead, type LeadFilters, listAssignees, listLeadStatuses, listLeads } from './data';
import { LeadBoard } from './LeadBoard';
import { LeadFiltersBar } from './LeadFiltersBar';
import { LeadTable } from './LeadTable';
import { Pagination } from './Pagination';

const PAGE_SIZE = 25;
/** The board shows this many leads at most; past it, the filters narrow it down. */
const BOARD_LIMIT = 200;

/**
 * `after` is the cursor the page starts after (the API's `next`), `back` the cursors of the
 * pages before it, oldest first, so "back" and a reload both land on the same rows.
 */
type Params = LeadFilters & { after?: string; back?: string; view?: string; businessId?: string };

/**
 * Leads as a table (search, filters, pages, CSV export) or as a board by status. Every
 * filter lives in the URL, so a view can be linked, reloaded and walked back through.
 */

export default function LeadsPage() {
  const me = useMe();
  const scope = useBusinessScope();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams<Params>();
  const [creating, setCreating] = createSignal(false);
  const board = () => params.view === 'board';
  const pages = cursorPages(params, setParams);
  const filters = (): LeadFilters => ({
    q: params.q || undefined,
    status: board() ? undefined : params.status || undefined,
    source: params.source || undefined,
    assignee: params.assignee || undefined,
  });

  const statuses = createAsync(async () =>
    scope.ready() ? listLeadStatuses(scope.businessId()) : undefined,
  );
  const assignees = createAsync(async () => {
    if (!scope.ready()) return [];
    if (!can(me().role, 'user.list')) return [{ id: me().id, name: `${me().name} (את/ה)` }];
    return listAssignees(scope.businessId());
  });
  const result = createAsync(async () => {
    if (!scope.ready()) return undefined;
    return board()
      ? listLeads(scope.businessId(), filters(), BOARD_LIMIT)
      : listLeads(scope.businessId(), filters(), PAGE_SIZE, params.after || undefined);
  });
  const href = (lead: Lead) =>
    withQuery(`/leads/${encodeURIComponent(lead.id)}`, { businessId: scope.businessId() });
  const tab = (active: boolean) =>
    `btn btn-sm ${active ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-600 hover:text-slate-900'}`;

  return (
    <ScopedPage
      scope={scope}
      title="לידים"
      description="כל מי שפנה לעסק, בטלפון, בוואטסאפ ובטפסים"
      icon="businesses"
      choosePrompt="בחרו עסק מהרשימה כדי לראות את הלידים שלו."
      actions={
        <>
          <Show when={scope.ready() && can(me().role, 'leads.export')}>
            <a href={exportUrl(scope.businessId(), filters())} download="leads.csv" class="btn-secondary">
              <Icon name="download" />
              ייצוא ל-CSV
            </a>
          </Show>
          <Show when={scope.ready() && can(me().role, 'leads.write') && !creating()}>
            <button type="button" class="btn-primary" onClick={() => setCreating(true)}>
              <Icon name="plus" />
              ליד חדש
            </button>
          </Show>
        </>
      }
    >
      <Show when={creating()}>
        <CreateLeadForm
          businessId={scope.businessId()}
          onDone={(created) => {
            setCreating(false);
            if (created) navigate(href(created.lead));
          }}
        />
      </Show>
      <div class="mb-4 flex items-center justify-between gap-3">
        <fieldset class="inline-flex gap-1 rounded-lg bg-slate-100 p-1">
          <legend class="sr-only">תצוגה</legend>
          <button
            type="button"
            class={tab(!board())}
            aria-pressed={!board()}
            onClick={() => setParams({ view: undefined, after: undefined, back: undefined })}
          >
            טבלה
          </button>
          <button
            type="button"
            class={tab(board())}
            aria-pressed={board()}
            onClick={() => setParams({ view: 'board', after: undefined, back: undefined })}
          >
            לוח לפי סטטוס
          </button>
        </fieldset>
      </div>
      <LeadFiltersBar
        filters={filters()}
        statuses={statuses() ?? []}
        assignees={assignees() ?? []}
        showStatus={!board()}
        onChange={(change) => setParams({ ...change, after: undefined, back: undefined }, { replace: true })}
      />
      <Switch>
        <Match when={board() && result()}>
          {(found) => (
            <>
              <Show when={found().total > BOARD_LIMIT}>
                <p class="mb-3 text-sm text-amber-800">
                  מוצגים {BOARD_LIMIT} הלידים האחרונים מתוך {countText(found())}. צמצמו בעזרת החיפוש והמסננים.
                </p>
              </Show>
              <LeadBoard
                businessId={scope.businessId()}
                statuses={statuses() ?? []}
                leads={found().leads}
                href={href}
              />
            </>
          )}
        </Match>
        <Match when={result()?.total === 0}>
          <section class="card">
            <EmptyState
              icon={<Icon name="leads" class="h-6 w-6" />}
              title={
                filters().q || filters().source || filters().assignee || filters().status
                  ? 'לא נמצאו לידים'
                  : 'עדיין אין לידים'
              }
              description="לידים נוספים כאן מעצמם כשמישהו מתקשר או כותב לעסק, ואפשר גם להוסיף ליד ידנית."
            />
          </section>
        </Match>
        <Match when={result()}>
          {(found) => (
            <>
              <LeadTable leads={found().leads} href={href} />
              <Pagination
                page={pages.page()}
                pageSize={PAGE_SIZE}
                shown={found().leads.length}
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
