import { Show } from 'solid-js';
import { ScopedPage } from '../../layout/ScopedPage';
import { useBusinessScope } from '../../scope';
import { ApiKeysSection } from './ApiKeysSection';
import { WebhooksSection } from './WebhooksSection';

/** The business's own systems: webhooks out (n8n, Zapier) and API keys in. */
export default function IntegrationsPage() {
  const scope = useBusinessScope();
  return (
    <ScopedPage
      scope={scope}
      title="חיבורים"
      description="Webhooks ומפתחות API למערכות של העסק"
      icon="prompt"
      choosePrompt="בחרו עסק מהרשימה כדי לנהל את החיבורים שלו."
    >
      <Show when={scope.ready()}>
        <div class="space-y-6">
          <WebhooksSection businessId={scope.businessId()} />
          <ApiKeysSection businessId={scope.businessId()} />
        </div>
      </Show>
    </ScopedPage>
  );
}
