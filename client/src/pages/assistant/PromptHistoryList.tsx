import { useAction } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { formatDateTime } from '../leads/labels';
import { type AssistantChannel, type PromptVersion, rollbackPrompt } from './data';
import { versionNote } from './labels';
import { assistantError } from './messages';

/** Every version, newest first: who saved it and when; managers may roll back to any older one. */
export function PromptHistoryList(props: {
  businessId: string | undefined;
  channel: AssistantChannel;
  canManage: boolean;
  history: PromptVersion[];
}) {
  const rollback = useAction(rollbackPrompt);
  const [target, setTarget] = createSignal<PromptVersion>();
  const [pending, setPending] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const current = () => props.history[0]?.version ?? 0;
  const titleId = () => `history-${props.channel}-title`;

  async function confirm() {
    const version = target();
    if (!version) return;
    setError(undefined);
    setPending(true);
    try {
      await rollback(props.businessId, props.channel, version.version);
      setTarget(undefined);
    } catch (failure) {
      setError(assistantError(failure));
    } finally {
      setPending(false);
    }
  }

  return (
    <section class="card" aria-labelledby={titleId()}>
      <h2 id={titleId()} class="border-b border-slate-100 px-5 py-4 text-base font-semibold text-slate-900">
        היסטוריית גרסאות
      </h2>
      <ol class="divide-y divide-slate-100">
        <For each={props.history}>
          {(version) => (
            <li class="flex items-start justify-between gap-3 px-5 py-3">
              <div class="min-w-0">
                <p class="text-sm font-medium text-slate-900">
                  גרסה {version.version}
                  <Show when={version.version === current()}>
                    <span class="ms-2 badge bg-emerald-50 text-emerald-700 ring-1 ring-inset ring-emerald-600/20">
                      נוכחית
                    </span>
                  </Show>
                </p>
                <p class="mt-0.5 text-xs text-slate-500">
                  <Show when={version.createdAt} fallback={versionNote(version)}>
                    {(at) => (
                      <>
                        {version.author?.name ?? 'מנהל מערכת או משתמש שהוסר'} · {formatDateTime(at())}
                        <Show when={versionNote(version)}>{(note) => <> · {note()}</>}</Show>
                      </>
                    )}
                  </Show>
                </p>
              </div>
              <Show when={props.canManage && version.version !== current()}>
                <button
                  type="button"
                  class="btn-secondary btn-sm shrink-0"
                  aria-label={`שחזור גרסה ${version.version}`}
                  onClick={() => {
                    setError(undefined);
                    setTarget(version);
                  }}
                >
                  שחזור
                </button>
              </Show>
            </li>
          )}
        </For>
      </ol>
      <ConfirmDialog
        id={`rollback-${props.channel}`}
        open={target() !== undefined}
        title={`לשחזר את גרסה ${target()?.version ?? ''}?`}
        confirmLabel="שחזור"
        pendingLabel="משחזרים…"
        pending={pending()}
        error={error()}
        onConfirm={confirm}
        onCancel={() => setTarget(undefined)}
      >
        הנוסח של גרסה {target()?.version} יישמר כגרסה חדשה ({current() + 1}), והשיחה וההודעה הבאות ישתמשו בו.
        ההיסטוריה לא נמחקת, ואפשר לחזור גם מהשחזור.
      </ConfirmDialog>
    </section>
  );
}
