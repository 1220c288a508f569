import { For, Show } from 'solid-js';
import { Ltr } from '../../ui/Ltr';
import { firstAudioMs, latencySummary, msText, turnLatencies } from './latency';

/**
 * How long the caller waited for each answer: from stopping to talk until the answer was
 * heard, and how much of it was the model's (upstream), ours, and the line's.
 */
export function CallLatency(props: { counters: Record<string, unknown> | null }) {
  const rows = () => turnLatencies(props.counters);
  const summary = () => latencySummary(rows());
  const greeting = () => firstAudioMs(props.counters);
  return (
    <Show when={rows().length > 0 || greeting() !== null}>
      <section class="card p-5" aria-labelledby="latency-title">
        <h2 id="latency-title" class="mb-1 text-base font-semibold text-slate-900">
          זמני תגובה
        </h2>
        <p class="mb-3 text-xs text-slate-500">
          מהרגע שהמתקשר סיים לדבר ועד שהתשובה נשמעה אצלו, לכל תור בשיחה.
        </p>
        <Show when={summary()}>
          {(s) => (
            <p class="mb-3 text-sm text-slate-700">
              חציון <Ltr>{msText(s().medianMs)}</Ltr> · הארוך ביותר <Ltr>{msText(s().worstMs)}</Ltr>
            </p>
          )}
        </Show>
        <Show when={greeting()}>
          {(ms) => (
            <p class="mb-3 text-sm text-slate-700">
              הברכה התחילה להישמע אחרי <Ltr>{msText(ms())}</Ltr>
            </p>
          )}
        </Show>
        <Show when={rows().length > 0}>
          <table class="w-full text-sm">
            <thead class="text-xs text-slate-500">
              <tr>
                <th class="py-1 text-start font-medium">תור</th>
                <th class="py-1 text-start font-medium">עד שנשמע</th>
                <th class="py-1 text-start font-medium">המודל</th>
                <th class="py-1 text-start font-medium">אצלנו</th>
                <th class="py-1 text-start font-medium">הקו</th>
              </tr>
            </thead>
            <tbody class="text-slate-700">
              <For each={rows()}>
                {(r) => (
                  <tr class="border-t border-slate-100">
                    <td class="py-1">{r.turn + 1}</td>
                    <td class="py-1 font-medium">
                      <Ltr>{msText(r.totalMs)}</Ltr>
                    </td>
                    <td class="py-1">
                      <Ltr>{msText(r.upstreamMs)}</Ltr>
                    </td>
                    <td class="py-1">
                      <Ltr>{msText(r.relayMs)}</Ltr>
                    </td>
                    <td class="py-1">
                      <Ltr>{msText(r.lineMs)}</Ltr>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </Show>
      </section>
    </Show>
  );
}
