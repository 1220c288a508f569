import { createAsync, revalidate } from '@solidjs/router';
import { type Accessor, createEffect, createMemo, createSignal, For, on, onCleanup, Show } from 'solid-js';
import { can } from '../../../../server/auth/permissions';
import { useMe } from '../../auth';
import { ScopedPage } from '../../layout/ScopedPage';
import { useBusinessScope } from '../../scope';
import { LoadingBlock } from '../../ui/common';
import { InboxSettingsSection } from '../inbox/InboxSettingsSection';
import { ConnectCard } from './ConnectCard';
import { getWhatsAppView } from './data';
import { OutboxSection } from './OutboxSection';
import { StatusCard } from './StatusCard';
import { type Phase, phaseOf, pollDelay } from './status';

/**
 * The business's WhatsApp: how it is linked and whether it is up, linking it (the owner's),
 * and the messages sent through it, so a reminder that did not go out is noticed.
 */
export default function WhatsAppPage() {
  const scope = useBusinessScope();
  return (
    <ScopedPage
      scope={scope}
      title="וואטסאפ"
      description="החיבור של העסק ל-WhatsApp, שדרכו נשלחות התזכורות ללקוחות, וההודעות שיצאו"
      icon="phone"
      choosePrompt="בחרו עסק מהרשימה כדי לראות את חיבור הוואטסאפ שלו."
    >
      {/* Keyed by business: a system admin who picks another one starts that page afresh. */}
      <For each={[scope.businessId()]}>{(businessId) => <WhatsAppBody businessId={businessId} />}</For>
    </ScopedPage>
  );
}

function WhatsAppBody(props: { businessId: string | undefined }) {
  const me = useMe();
  // The same permission that guards linking and unlinking on the server.
  const canManage = () => can(me().role, 'whatsapp.manage');
  const view = createAsync(() => getWhatsAppView(props.businessId));
  const phase = createMemo(() => phaseOf(view()?.channel));
  const refresh = () => revalidate(getWhatsAppView.keyFor(props.businessId));
  usePolling(phase, refresh);

  return (
    <Show when={view()} fallback={<LoadingBlock label="טוענים את מצב הוואטסאפ…" />}>
      {(loaded) => (
        <div class="space-y-8">
          <StatusCard
            channel={loaded().channel}
            phase={phase()}
            businessId={props.businessId}
            canManage={canManage()}
          />
          <Show
            when={canManage()}
            fallback={
              <p class="rounded-lg bg-slate-100 px-3 py-2.5 text-sm text-slate-600">
                רק בעלי העסק יכולים לחבר את הוואטסאפ או לנתק אותו.
              </p>
            }
          >
            <ConnectCard channel={loaded().channel} phase={phase()} businessId={props.businessId} />
          </Show>
          <InboxSettingsSection businessId={props.businessId} canManage={canManage()} />
          <OutboxSection outbox={loaded().outbox} onRefresh={refresh} />
        </div>
      )}
    </Show>
  );
}

/**
 * Refreshes the view while the channel is about to change by itself (a QR being made or
 * waiting to be scanned). One timer at a time: each refresh, or a change of phase, replaces it.
 */
function usePolling(phase: Accessor<Phase>, refresh: () => Promise<unknown>) {
  const [tick, setTick] = createSignal(0);
  const [startingSince, setStartingSince] = createSignal(Date.now());
  createEffect(on(phase, (p) => p === 'starting' && setStartingSince(Date.now())));
  createEffect(() => {
    tick();
    const delay = pollDelay(phase(), Date.now() - startingSince());
    if (delay === undefined) return;
    const timer = setTimeout(() => {
      // Rescheduled from whatever view the refresh leaves, even if it failed.
      refresh()
        .catch(() => {})
        .finally(() => setTick((n) => n + 1));
    }, delay);
    onCleanup(() => clearTimeout(timer));
  });
}
