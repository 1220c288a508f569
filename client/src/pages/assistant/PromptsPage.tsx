import { createAsync, useSearchParams } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { AssistantPage, type AssistantScope } from './AssistantPage';
import { ChannelTabs, PANEL_ID, tabId } from './ChannelTabs';
import { type AssistantChannel, getPrompts } from './data';
import { CHANNELS } from './labels';
import { PromptDiff } from './PromptDiff';
import { PromptEditor } from './PromptEditor';
import { PromptHistoryList } from './PromptHistoryList';

/** The prompt of each channel: edit and save as a new version, history, diff, rollback. */
export default function PromptsPage() {
  return (
    <AssistantPage
      title="הנחיות לעוזר"
      description="מה העוזר מתבקש לעשות בכל ערוץ. כל שמירה היא גרסה חדשה, ואפשר לחזור לכל גרסה קודמת."
      icon="prompt"
    >
      {(scope) => <ChannelSwitch {...scope} />}
    </AssistantPage>
  );
}

function ChannelSwitch(props: AssistantScope) {
  // The channel lives in the URL (?channel=whatsapp), beside a system admin's ?businessId=.
  const [params, setParams] = useSearchParams<{ channel?: string }>();
  const channel = (): AssistantChannel => CHANNELS.find((c) => c === params.channel) ?? 'voice';
  return (
    <>
      <ChannelTabs
        value={channel()}
        onChange={(next) => setParams({ channel: next === 'voice' ? undefined : next })}
      />
      <div id={PANEL_ID} role="tabpanel" aria-labelledby={tabId(channel())}>
        {/* Keyed by channel: an unsaved draft of one channel never shows under the other. */}
        <For each={[channel()]}>{(current) => <ChannelPrompts {...props} channel={current} />}</For>
      </div>
    </>
  );
}

function ChannelPrompts(props: AssistantScope & { channel: AssistantChannel }) {
  const prompts = createAsync(() => getPrompts(props.businessId, props.channel));
  return (
    <Show when={prompts()}>
      {(loaded) => (
        <div class="space-y-6">
          <PromptEditor {...props} current={loaded().current} />
          <div class="grid items-start gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
            <PromptHistoryList {...props} history={loaded().history} />
            <PromptDiff {...props} history={loaded().history} />
          </div>
        </div>
      )}
    </Show>
  );
}
