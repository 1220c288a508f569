import { createSignal, Show } from 'solid-js';
import { toApiError, withQuery } from '../api';
import { errorMessage } from '../errors';

/**
 * A call's recording, played from GET /api/calls/:id/recording (byte ranges, so seeking
 * does not download the whole call). When the browser cannot play it, one ranged request
 * asks the server why (lost during the call, gone from the storage, storage unreachable)
 * and the reason is shown in Hebrew instead of a dead player.
 */
export function RecordingPlayer(props: { callId: string; businessId: string | undefined }) {
  const [problem, setProblem] = createSignal<string>();
  const src = () => withQuery(`/api/calls/${props.callId}/recording`, { businessId: props.businessId });
  async function explain() {
    try {
      const res = await fetch(src(), { headers: { Range: 'bytes=0-0' }, credentials: 'same-origin' });
      setProblem(res.ok ? 'לא ניתן לנגן את ההקלטה בדפדפן הזה.' : errorMessage(await toApiError(res)));
    } catch {
      setProblem(errorMessage(null));
    }
  }
  return (
    <Show
      when={problem()}
      fallback={
        // biome-ignore lint/a11y/useMediaCaption: a phone call's recording; its transcript is on the call's page
        <audio
          controls
          preload="none"
          src={src()}
          onError={() => void explain()}
          class="mt-1 w-full max-w-md"
        />
      }
    >
      {(text) => (
        <p role="status" class="mt-1 text-sm text-amber-700">
          {text()}
        </p>
      )}
    </Show>
  );
}
