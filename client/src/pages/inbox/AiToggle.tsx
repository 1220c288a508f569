import { useAction } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { errorMessage } from '../../errors';
import { toast } from '../../ui/toast';
import { type ConversationItem, setAiState } from './data';
import { aiDetails, aiIsOn } from './labels';

/**
 * Who answers this conversation: the assistant, or the staff (paused by whom, when, why,
 * and when the assistant answers again), with the one button that hands it over.
 */
export function AiToggle(props: { conversation: ConversationItem; businessId: string | undefined }) {
  const set = useAction(setAiState);
  const [pending, setPending] = createSignal(false);
  const on = () => aiIsOn(props.conversation.ai, Date.now());
  async function toggle() {
    const pausing = on();
    setPending(true);
    try {
      await set(props.businessId, props.conversation.id, pausing ? 'paused' : 'on');
      toast(pausing ? 'העוזר הושהה בשיחה: הצוות עונה' : 'העוזר חזר לענות בשיחה');
    } catch (err) {
      toast(errorMessage(err));
    } finally {
      setPending(false);
    }
  }
  return (
    <section class="flex flex-wrap items-center gap-2" aria-label="העוזר בשיחה">
      <span
        data-ai-state={on() ? 'on' : 'paused'}
        class={`badge ${on() ? 'bg-emerald-50 text-emerald-700' : 'bg-amber-50 text-amber-800'}`}
      >
        <span class="h-1.5 w-1.5 rounded-full bg-current" aria-hidden="true" />
        {on() ? 'העוזר עונה' : 'העוזר מושהה'}
      </span>
      <Show when={aiDetails(props.conversation.ai, Date.now())}>
        {(text) => <span class="text-xs text-slate-500">{text()}</span>}
      </Show>
      <button
        type="button"
        class={`${on() ? 'btn-secondary' : 'btn-primary'} btn-sm ms-auto`}
        disabled={pending()}
        onClick={() => void toggle()}
      >
        {on() ? 'השהיית העוזר' : 'החזרת העוזר'}
      </button>
    </section>
  );
}
