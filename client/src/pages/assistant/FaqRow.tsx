import { useAction } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Badge } from '../../ui/common';
import { deleteFaq, type FaqView, updateFaq } from './data';
import { FaqForm } from './FaqForm';
import { CHANNEL_LABEL } from './labels';
import { assistantError } from './messages';

/** One FAQ entry: its question, answer and channels; managers edit it in place or delete it. */
export function FaqRow(props: { businessId: string | undefined; canManage: boolean; faq: FaqView }) {
  const update = useAction(updateFaq);
  const remove = useAction(deleteFaq);
  const [editing, setEditing] = createSignal(false);
  const [confirming, setConfirming] = createSignal(false);
  const [deleting, setDeleting] = createSignal(false);
  const [deleteError, setDeleteError] = createSignal<string>();
  const id = () => `faq-${props.faq.id}`;

  async function confirmDelete() {
    setDeleteError(undefined);
    setDeleting(true);
    try {
      await remove(props.businessId, props.faq.id);
      setConfirming(false);
    } catch (failure) {
      setDeleteError(assistantError(failure));
    } finally {
      setDeleting(false);
    }
  }

  return (
    <li class="px-5 py-4" aria-labelledby={`${id()}-question`}>
      <Show
        when={editing()}
        fallback={
          <div class="flex flex-wrap items-start justify-between gap-3">
            <div class="min-w-0 flex-1 space-y-1">
              <h3 id={`${id()}-question`} class="text-sm font-semibold text-slate-900">
                {props.faq.question}
              </h3>
              <p class="whitespace-pre-line text-sm text-slate-600">{props.faq.answer}</p>
              <p class="flex flex-wrap items-center gap-1.5 pt-1">
                <span class="sr-only">ערוצים:</span>
                <For each={props.faq.channels}>
                  {(channel) => <Badge tone="slate">{CHANNEL_LABEL[channel]}</Badge>}
                </For>
              </p>
            </div>
            <Show when={props.canManage}>
              <div class="flex shrink-0 gap-2">
                <button
                  type="button"
                  class="btn-secondary btn-sm"
                  aria-label={`עריכת השאלה ${props.faq.question}`}
                  onClick={() => setEditing(true)}
                >
                  עריכה
                </button>
                <button
                  type="button"
                  class="btn-danger btn-sm"
                  aria-label={`מחיקת השאלה ${props.faq.question}`}
                  onClick={() => {
                    setDeleteError(undefined);
                    setConfirming(true);
                  }}
                >
                  מחיקה
                </button>
              </div>
            </Show>
          </div>
        }
      >
        <h3 id={`${id()}-question`} class="mb-3 text-sm font-semibold text-slate-900">
          עריכת שאלה
        </h3>
        <FaqForm
          idPrefix={id()}
          initial={props.faq}
          submitLabel="שמירת השינויים"
          pendingLabel="שומרים…"
          onSubmit={async (input) => {
            await update(props.businessId, props.faq.id, input);
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      </Show>
      <ConfirmDialog
        id={`${id()}-delete`}
        open={confirming()}
        title="למחוק את השאלה?"
        confirmLabel="מחיקה"
        pendingLabel="מוחקים…"
        danger
        pending={deleting()}
        error={deleteError()}
        onConfirm={confirmDelete}
        onCancel={() => setConfirming(false)}
      >
        העוזר יפסיק לענות על "{props.faq.question}" לפי התשובה הזו מהשיחה וההודעה הבאות.
      </ConfirmDialog>
    </li>
  );
}
