import { useAction, useSubmission } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { errorMessage } from '../../errors';
import { FormAlert } from '../../ui/common';
import { LeadName, Phone } from '../../ui/Ltr';
import { type Lead, mergeLead } from './data';
import { LeadSearch } from './LeadSearch';
import { leadTitle } from './labels';

/**
 * Merges another lead (the same person under a second number, say) into this one: its
 * notes, statuses and appointments move here and it is deleted. Asks before doing it.
 */
export function MergeLead(props: { businessId: string | undefined; lead: Lead }) {
  const merge = useAction(mergeLead);
  const submission = useSubmission(mergeLead, (input) => input[1] === props.lead.id);
  const [open, setOpen] = createSignal(false);
  const [other, setOther] = createSignal<Lead>();
  const [done, setDone] = createSignal<string>();

  async function confirm() {
    const chosen = other();
    if (!chosen) return;
    try {
      await merge(props.businessId, props.lead.id, chosen.id);
      setDone(`${leadTitle(chosen)} מוזג/ה לליד הזה.`);
      setOther(undefined);
      setOpen(false);
    } catch {
      // shown through submission.error
    }
  }

  return (
    <section aria-labelledby="merge-title" class="space-y-3">
      <h2 id="merge-title" class="text-sm font-semibold text-slate-900">
        מיזוג לידים
      </h2>
      <Show when={done()}>
        <p role="status" class="text-xs text-emerald-700">
          {done()}
        </p>
      </Show>
      <Show
        when={open()}
        fallback={
          <button type="button" class="btn-secondary btn-sm" onClick={() => setOpen(true)}>
            מיזוג עם ליד אחר…
          </button>
        }
      >
        <FormAlert message={submission.error ? errorMessage(submission.error) : undefined} />
        <LeadSearch
          businessId={props.businessId}
          name="mergeWith"
          id="merge-search"
          label="הליד שיימחק אחרי המיזוג"
          excludeId={props.lead.id}
          onPick={setOther}
        />
        <Show when={other()}>
          {(chosen) => (
            <p class="rounded-lg bg-amber-50 p-3 text-xs text-amber-900">
              כל ההיסטוריה של <LeadName lead={chosen()} /> (<Phone e164={chosen().phone} />) תעבור לליד הזה,
              והליד <LeadName lead={chosen()} /> יימחק. אי אפשר לבטל פעולה זו.
            </p>
          )}
        </Show>
        <div class="flex gap-2">
          <button
            type="button"
            class="btn-danger btn-sm"
            disabled={!other() || submission.pending}
            onClick={confirm}
          >
            {submission.pending ? 'ממזגים…' : 'מיזוג'}
          </button>
          <button
            type="button"
            class="btn-secondary btn-sm"
            onClick={() => {
              submission.clear?.();
              setOther(undefined);
              setOpen(false);
            }}
          >
            ביטול
          </button>
        </div>
      </Show>
    </section>
  );
}
