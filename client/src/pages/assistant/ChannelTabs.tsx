import { For } from 'solid-js';
import type { AssistantChannel } from './data';
import { CHANNEL_LABEL, CHANNELS } from './labels';

export const tabId = (channel: AssistantChannel) => `channel-tab-${channel}`;
export const PANEL_ID = 'channel-panel';

/**
 * The channel tabs (ARIA tabs pattern: one tab stop, arrow keys move between tabs). In a
 * right-to-left tab list the next tab is to the left, so ArrowLeft moves forward.
 */
export function ChannelTabs(props: {
  value: AssistantChannel;
  onChange: (channel: AssistantChannel) => void;
}) {
  let list: HTMLDivElement | undefined;
  function onKeyDown(event: KeyboardEvent) {
    const index = CHANNELS.indexOf(props.value);
    const count = CHANNELS.length;
    const target = { ArrowLeft: index + 1, ArrowRight: index - 1, Home: 0, End: count - 1 }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = CHANNELS[(target + count) % count] as AssistantChannel;
    props.onChange(next);
    list?.querySelector<HTMLButtonElement>(`#${tabId(next)}`)?.focus();
  }
  return (
    <div
      ref={list}
      role="tablist"
      aria-label="ערוץ"
      class="mb-6 flex gap-1 border-b border-slate-200"
      onKeyDown={onKeyDown}
    >
      <For each={CHANNELS}>
        {(channel) => (
          <button
            type="button"
            role="tab"
            id={tabId(channel)}
            aria-selected={channel === props.value}
            aria-controls={PANEL_ID}
            tabIndex={channel === props.value ? 0 : -1}
            class={`focusable -mb-px border-b-2 px-4 py-2.5 text-sm font-medium transition-colors ${
              channel === props.value
                ? 'border-brand-600 text-brand-700'
                : 'border-transparent text-slate-500 hover:text-slate-800'
            }`}
            onClick={() => props.onChange(channel)}
          >
            {CHANNEL_LABEL[channel]}
          </button>
        )}
      </For>
    </div>
  );
}
