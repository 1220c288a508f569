import { For, Match, Show, Switch } from 'solid-js';
import { Ltr } from '../../ui/Ltr';
import type { TranscriptTurn } from './data';
import { clock, heardPart, isKeyed, keyedDigits, toolLine } from './labels';

/** The line playing at `positionMs`: the last spoken line that started at or before it. */
export function playingIndex(turns: readonly TranscriptTurn[], positionMs: number | null): number {
  if (positionMs === null) return -1;
  let found = -1;
  turns.forEach((t, i) => {
    if (t.speaker !== 'system' && t.atMs <= positionMs) found = i;
  });
  return found;
}

const SPEAKER = { caller: 'המתקשר/ת', assistant: 'העוזר', system: 'מערכת' } as const;

/**
 * The call as a conversation: the caller's lines on one side, the assistant's on the other,
 * tool calls and keyed digits between them. Each line is a button that plays the recording
 * from it (`onSeek`); the line playing is highlighted and marked aria-current. Up and down
 * arrows move between lines.
 */
export function CallTranscript(props: {
  turns: TranscriptTurn[];
  playing: number;
  canSeek: boolean;
  onSeek: (ms: number) => void;
}) {
  let list: HTMLOListElement | undefined;
  const move = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const buttons = [...(list?.querySelectorAll<HTMLButtonElement>('button[data-line]') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[at + (event.key === 'ArrowDown' ? 1 : -1)];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  };
  const gap = (i: number) => {
    const prev = props.turns[i - 1];
    const cur = props.turns[i];
    return prev && cur ? (cur.atMs - prev.atMs) / 1000 : null;
  };
  return (
    <ol ref={list} class="space-y-3" aria-label="תמליל השיחה" onKeyDown={move}>
      <For each={props.turns}>
        {(turn, i) => (
          <li
            classList={{
              flex: true,
              'justify-start': turn.speaker === 'caller',
              'justify-end': turn.speaker === 'assistant',
              'justify-center': turn.speaker === 'system',
            }}
          >
            <Switch>
              <Match when={turn.speaker === 'system' || turn.kind === 'tool'}>
                <ToolNote turn={turn} />
              </Match>
              <Match when={true}>
                <button
                  type="button"
                  data-line={i()}
                  aria-current={props.playing === i() ? 'true' : undefined}
                  disabled={!props.canSeek}
                  onClick={() => props.onSeek(turn.atMs)}
                  class="focusable max-w-[80%] rounded-2xl px-4 py-2 text-start text-sm transition-colors disabled:cursor-default"
                  classList={{
                    'bg-slate-100 text-slate-900': turn.speaker === 'caller' && props.playing !== i(),
                    'bg-brand-50 text-slate-900': turn.speaker === 'assistant' && props.playing !== i(),
                    'ring-2 ring-brand-500 bg-amber-50 text-slate-900': props.playing === i(),
                  }}
                >
                  <span class="mb-0.5 flex items-center gap-2 text-xs text-slate-500">
                    <span class="font-medium">{SPEAKER[turn.speaker]}</span>
                    <Ltr class="tabular-nums">{clock(turn.atMs)}</Ltr>
                    <Show when={gap(i()) !== null && i() > 0}>
                      <span class="tabular-nums" title="הזמן מהשורה הקודמת">
                        <Ltr>+{gap(i())?.toFixed(1)}</Ltr> ש׳
                      </span>
                    </Show>
                  </span>
                  <Switch fallback={<span>{turn.text}</span>}>
                    <Match when={isKeyed(turn)}>
                      <span>
                        הקיש/ה במקלדת: <Ltr class="font-mono tabular-nums">{keyedDigits(turn)}</Ltr>
                      </span>
                    </Match>
                    <Match when={turn.interrupted}>
                      <span>
                        <span>{heardPart(turn).heard}</span>
                        <Show when={heardPart(turn).unheard}>
                          {' '}
                          <s class="text-slate-400" title="לא נשמע: המתקשר/ת קטע/ה">
                            {heardPart(turn).unheard}
                          </s>
                        </Show>
                        <span class="mt-1 block text-xs font-medium text-amber-700">
                          ✋ המתקשר/ת קטע/ה את העוזר
                          {turn.interrupted && turn.interrupted.heardMs === 0
                            ? ' לפני שנשמע משהו'
                            : ` אחרי ${((turn.interrupted?.heardMs ?? 0) / 1000).toFixed(1)} ש׳`}
                        </span>
                      </span>
                    </Match>
                  </Switch>
                </button>
              </Match>
            </Switch>
          </li>
        )}
      </For>
    </ol>
  );
}

function ToolNote(props: { turn: TranscriptTurn }) {
  const line = () => toolLine(props.turn);
  return (
    <p
      class="max-w-[90%] rounded-lg border px-3 py-1.5 text-xs"
      classList={{
        'border-slate-200 bg-white text-slate-600': line().ok,
        'border-amber-300 bg-amber-50 text-amber-800': !line().ok,
      }}
    >
      <span class="font-medium">העוזר {line().action}</span>
      <Show when={!line().ok}> · לא הצליח</Show>
      <Show when={line().result}>: {line().result}</Show>
      <Ltr class="ms-2 tabular-nums text-slate-400">{clock(props.turn.atMs)}</Ltr>
    </p>
  );
}
