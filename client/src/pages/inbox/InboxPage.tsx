import { createAsync, revalidate, useSearchParams } from '@solidjs/router';
import { createEffect, createSignal, Match, onCleanup, Switch } from 'solid-js';
import { ApiError } from '../../api';
import { ScopedPage } from '../../layout/ScopedPage';
import { useBusinessScope } from '../../scope';
import { EmptyState, LoadingBlock } from '../../ui/common';
import { Icon } from '../../ui/Icon';
import { ChatPane } from './ChatPane';
import { ConversationList } from './ConversationList';
import { getInboxConversation, listInbox, openInboxStream } from './data';
import { isFilter } from './labels';

type Params = { c?: string; q?: string; filter?: string; before?: string; businessId?: string };

/**
 * The WhatsApp inbox: every conversation of the business (one per contact, both providers),
 * searched and filtered on the server, beside the open one's chat and its lead. Everything
 * is in the URL (`?c=` the open conversation). The business's inbox stream keeps both live:
 * a message in or out, a delivery state, the assistant paused or resumed. On a phone the list
 * and the chat take the screen in turn.
 */
export default function InboxPage() {
  const scope = useBusinessScope();
  const [params, setParams] = useSearchParams<Params>();
  const filter = () => (isFilter(params.filter) ? params.filter : 'all');
  const list = createAsync(async () =>
    scope.ready()
      ? listInbox(scope.businessId(), params.q || undefined, filter(), params.before || undefined)
      : undefined,
  );
  const detail = createAsync(async () => {
    const id = params.c;
    if (!scope.ready() || !id) return undefined;
    try {
      return await getInboxConversation(scope.businessId(), id);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return null;
      throw err;
    }
  });
  const [live, setLive] = createSignal(false);
  createEffect(() => {
    if (!scope.ready()) return;
    const close = openInboxStream(scope.businessId(), {
      onReady: () => {
        // (Re)connected: whatever changed while away is read again.
        if (live()) void revalidate([listInbox.key, getInboxConversation.key]);
        setLive(true);
      },
      onChange: (id) => {
        void revalidate(listInbox.key);
        if (id === params.c) void revalidate(getInboxConversation.key);
      },
    });
    onCleanup(close);
  });
  const open = (id: string | undefined) => setParams({ c: id });
  return (
    <ScopedPage
      scope={scope}
      title="תיבת הודעות"
      description="כל השיחות בוואטסאפ: מה הלקוחות כתבו, מה העוזר ענה, ומתי הצוות לוקח את השיחה"
      icon="inbox"
      choosePrompt="בחרו עסק מהרשימה כדי לראות את השיחות שלו."
    >
      <span class="sr-only" aria-live="polite">
        {live() ? 'השיחות מתעדכנות בזמן אמת' : ''}
      </span>
      <div class="grid min-h-[32rem] gap-4 lg:grid-cols-[20rem_minmax(0,1fr)]">
        <div class={params.c ? 'hidden lg:block' : ''}>
          <ConversationList
            page={list()}
            selected={params.c}
            q={params.q ?? ''}
            filter={filter()}
            onSearch={(q) => setParams({ q: q || undefined, before: undefined }, { replace: true })}
            onFilter={(f) => setParams({ filter: f === 'all' ? undefined : f, before: undefined })}
            onOlder={(cursor) => setParams({ before: cursor })}
            onNewest={() => setParams({ before: undefined })}
            showingOlder={Boolean(params.before)}
            onOpen={open}
          />
        </div>
        <div class={params.c ? '' : 'hidden lg:block'}>
          <Switch
            fallback={
              <section class="card h-full">
                <EmptyState
                  icon={<Icon name="inbox" class="h-6 w-6" />}
                  title="בחרו שיחה"
                  description="השיחה תיפתח כאן, עם הליד ופרטי העוזר."
                />
              </section>
            }
          >
            <Match when={params.c && detail() === null}>
              <section class="card">
                <EmptyState
                  title="השיחה לא נמצאה"
                  description="ייתכן שהקישור שגוי או שהשיחה שייכת לעסק אחר."
                />
              </section>
            </Match>
            <Match when={params.c ? detail() : undefined}>
              {(d) => (
                <ChatPane detail={d()} businessId={scope.businessId()} onBack={() => open(undefined)} />
              )}
            </Match>
            <Match when={params.c}>
              <LoadingBlock label="טוען את השיחה…" />
            </Match>
          </Switch>
        </div>
      </div>
    </ScopedPage>
  );
}
