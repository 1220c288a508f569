import { createAsync } from '@solidjs/router';
import { createSignal, For, onCleanup, Show, Suspense } from 'solid-js';
import { LeadName, Phone } from '../../ui/Ltr';
import { type Lead, listLeads } from './data';

/**
 * Finds an existing lead by name, phone, email or note and offers the matches as radio
 * buttons named `name`, so the chosen id travels with the surrounding form.
 */
export function LeadSearch(props: {
  businessId: string | undefined;
  name: string;
  label: string;
  id: string;
  excludeId?: string;
  onPick?: (lead: Lead) => void;
}) {
  const [term, setTerm] = createSignal('');
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  const results = createAsync(async () => {
    const q = term();
    if (q.length < 2) return [];
    const page = await listLeads(props.businessId, { q }, 8);
    return page.leads.filter((lead) => lead.id !== props.excludeId);
  });

  return (
    <div class="space-y-2">
      <label for={props.id} class="label">
        {props.label}
      </label>
      <input
        id={props.id}
        type="search"
        class="input"
        autocomplete="off"
        placeholder="שם, טלפון או אימייל"
        onInput={(event) => {
          const value = event.currentTarget.value.trim();
          clearTimeout(timer);
          timer = setTimeout(() => setTerm(value), 250);
        }}
      />
      <Suspense fallback={<p class="text-xs text-slate-500">מחפשים…</p>}>
        <Show
          when={results()?.length}
          fallback={
            <Show when={term().length >= 2}>
              <p class="text-xs text-slate-500" role="status">
                לא נמצאו לידים.
              </p>
            </Show>
          }
        >
          <fieldset class="max-h-48 space-y-1.5 overflow-y-auto">
            <legend class="sr-only">תוצאות החיפוש</legend>
            <For each={results()}>
              {(lead) => (
                <label class="flex cursor-pointer items-center gap-2.5 rounded-lg border border-slate-200 px-3 py-2 text-sm hover:bg-slate-50 has-[:checked]:(border-brand-500 bg-brand-50)">
                  <input
                    type="radio"
                    name={props.name}
                    value={lead.id}
                    class="accent-brand-600"
                    onChange={() => props.onPick?.(lead)}
                  />
                  <span class="font-medium text-slate-900">
                    <LeadName lead={lead} />
                  </span>
                  <Phone e164={lead.phone} class="ms-auto text-xs text-slate-500" />
                </label>
              )}
            </For>
          </fieldset>
        </Show>
      </Suspense>
    </div>
  );
}
