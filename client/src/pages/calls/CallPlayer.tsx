import { createSignal, Show } from 'solid-js';
import { toApiError, withQuery } from '../../api';
import { errorMessage } from '../../errors';

/**
 * The call's recording (GET /api/calls/:id/recording, byte ranges, so seeking does not
 * download the call). `problem` is why there is nothing to play, said in Hebrew instead of
 * a dead player; when the browser fails to load it, one ranged request asks the server why.
 * The native controls are keyboard operable; `onAudio` hands the element to the transcript.
 */
export function CallPlayer(props: {
  callId: string;
  businessId: string | undefined;
  problem: string | null;
  onAudio: (audio: HTMLAudioElement | undefined) => void;
  onTime: (ms: number) => void;
}) {
  const [failure, setFailure] = createSignal<string>();
  const src = () => withQuery(`/api/calls/${props.callId}/recording`, { businessId: props.businessId });
  async function explain() {
    props.onAudio(undefined);
    try {
      const res = await fetch(src(), { headers: { Range: 'bytes=0-0' }, credentials: 'same-origin' });
      setFailure(res.ok ? 'לא ניתן לנגן את ההקלטה בדפדפן הזה.' : errorMessage(await toApiError(res)));
    } catch {
      setFailure(errorMessage(null));
    }
  }
  return (
    <Show
      when={props.problem ?? failure()}
      fallback={
        // biome-ignore lint/a11y/useMediaCaption: the synced transcript is beside it
        <audio
          ref={(el) => props.onAudio(el)}
          controls
          preload="metadata"
          src={src()}
          aria-label="הקלטת השיחה"
          onError={() => void explain()}
          onTimeUpdate={(e) => props.onTime(e.currentTarget.currentTime * 1000)}
          onSeeked={(e) => props.onTime(e.currentTarget.currentTime * 1000)}
          class="w-full"
        />
      }
    >
      {(text) => (
        <p role="status" class="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-800">
          {text()}
        </p>
      )}
    </Show>
  );
}
