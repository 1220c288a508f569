import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { Badge } from '../../ui/common';
import { Icon } from '../../ui/Icon';
import { Auto, Ltr, Phone } from '../../ui/Ltr';
import type { CallListItem } from './data';
import {
  ANALYSIS_STATUS_LABEL,
  callState,
  DIRECTION_LABEL,
  durationText,
  formatWhen,
  OUTCOME_LABEL,
  OUTCOME_TONE,
} from './labels';

export function CallTable(props: { calls: CallListItem[]; href: (call: CallListItem) => string }) {
  return (
    <div class="card overflow-x-auto">
      <table class="w-full">
        <caption class="sr-only">יומן השיחות</caption>
        <thead class="border-b border-slate-200 bg-slate-50/60">
          <tr>
            <th scope="col" class="th">
              מתי
            </th>
            <th scope="col" class="th">
              מי התקשר
            </th>
            <th scope="col" class="th">
              כיוון
            </th>
            <th scope="col" class="th">
              משך
            </th>
            <th scope="col" class="th">
              מענה
            </th>
            <th scope="col" class="th">
              תוצאה וסיכום
            </th>
            <th scope="col" class="th">
              <span class="sr-only">הקלטה</span>
            </th>
          </tr>
        </thead>
        <tbody class="divide-y divide-slate-100">
          <For each={props.calls}>
            {(call) => (
              <tr class="align-top hover:bg-slate-50/60" data-call-id={call.id}>
                <td class="td whitespace-nowrap">
                  <A href={props.href(call)} class="focusable rounded text-brand-700 hover:underline">
                    {formatWhen(call.startedAt)}
                  </A>
                </td>
                <td class="td">
                  <p class="font-medium text-slate-900">
                    <Show when={call.lead?.name} fallback={<Phone e164={call.from} />}>
                      {(name) => <Auto>{name()}</Auto>}
                    </Show>
                  </p>
                  <Show when={call.lead?.name}>
                    <p class="text-xs text-slate-500">
                      <Phone e164={call.from} />
                    </p>
                  </Show>
                </td>
                <td class="td text-slate-500">{DIRECTION_LABEL[call.direction]}</td>
                <td class="td whitespace-nowrap tabular-nums text-slate-500">
                  <Ltr>{durationText(call.durationMs)}</Ltr>
                </td>
                <td class="td">
                  <Badge tone={callState(call).tone} dot>
                    {callState(call).label}
                  </Badge>
                </td>
                <td class="td max-w-md">
                  <Show
                    when={call.outcome}
                    fallback={
                      <Show when={call.analysisStatus}>
                        {(status) => (
                          <span class="text-xs text-slate-500">{ANALYSIS_STATUS_LABEL[status()]}</span>
                        )}
                      </Show>
                    }
                  >
                    {(outcome) => <Badge tone={OUTCOME_TONE[outcome()]}>{OUTCOME_LABEL[outcome()]}</Badge>}
                  </Show>
                  <Show when={call.summary}>
                    <p class="mt-1 line-clamp-2 text-sm text-slate-600">{call.summary}</p>
                  </Show>
                </td>
                <td class="td">
                  <Show when={call.recording && call.recording.status !== 'lost'}>
                    <span title="יש הקלטה">
                      <Icon name="phone" class="h-4 w-4 text-slate-400" />
                      <span class="sr-only">יש הקלטה</span>
                    </span>
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
