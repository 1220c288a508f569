import { A, createAsync, revalidate, useParams } from '@solidjs/router';
import { createEffect, createSignal, For, Match, onCleanup, Show, Switch } from 'solid-js';
import { ApiError, withQuery } from '../../api';
import { ScopedPage } from '../../layout/ScopedPage';
import { useBusinessScope } from '../../scope';
import { Badge, EmptyState, LoadingBlock } from '../../ui/common';
import { Auto, LeadName, Ltr, Phone } from '../../ui/Ltr';
import { CallLatency } from './CallLatency';
import { CallPlayer } from './CallPlayer';
import { CallTranscript, playingIndex } from './CallTranscript';
import { type CallDetail, getCall, openCallStream } from './data';
import {
  ANALYSIS_STATUS_LABEL,
  callState,
  DIRECTION_LABEL,
  durationText,
  formatWhen,
  OUTCOME_LABEL,
  OUTCOME_TONE,
  recordingProblem,
  SENTIMENT_LABEL,
} from './labels';

/**
 * One call: who called and what came of it (the analysis, the lead, the appointment), the
 * recording with its transcript as a conversation, synced both ways, and what Twilio
 * reported. The page follows the call live: an analysis arriving, a call ending.
 */
export default function CallPage() {
  const scope = useBusinessScope();
  const params = useParams<{ id: string }>();
  // A call that is not there (another business's, deleted, a mistyped link) is said on the page.
  const call = createAsync(async () => {
    if (!scope.ready()) return undefined;
    try {
      return await getCall(scope.businessId(), params.id);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return null;
      throw err;
    }
  });
  createEffect(() => {
    if (!scope.ready()) return;
    const id = params.id;
    onCleanup(
      openCallStream(scope.businessId(), {
        onChange: (changed) => changed === id && void revalidate(getCall.key),
      }),
    );
  });
  return (
    <ScopedPage scope={scope} title="שיחה" icon="phone" choosePrompt="בחרו עסק מהרשימה כדי לראות את השיחה.">
      <A
        href={withQuery('/calls', { businessId: scope.businessId() })}
        class="focusable mb-4 inline-block text-sm text-brand-700 hover:underline"
      >
        → לכל השיחות
      </A>
      <Switch fallback={<LoadingBlock label="טוען את השיחה…" />}>
        <Match when={call() === null}>
          <section class="card">
            <EmptyState title="השיחה לא נמצאה" description="ייתכן שהקישור שגוי או שהשיחה שייכת לעסק אחר." />
          </section>
        </Match>
        <Match when={call()}>{(c) => <CallView call={c()} businessId={scope.businessId()} />}</Match>
      </Switch>
    </ScopedPage>
  );
}

function CallView(props: { call: CallDetail; businessId: string | undefined }) {
  const [audio, setAudio] = createSignal<HTMLAudioElement>();
  const [positionMs, setPositionMs] = createSignal<number | null>(null);
  const problem = () =>
    recordingProblem(props.call) ??
    (props.call.recording ? null : props.call.missed ? 'השיחה לא נענתה, אין הקלטה.' : 'השיחה הזו לא הוקלטה.');
  const seek = (ms: number) => {
    const el = audio();
    if (!el) return;
    el.currentTime = ms / 1000;
    setPositionMs(ms);
    void el.play().catch(() => {});
  };
  const leadHref = () =>
    props.call.lead
      ? withQuery(`/leads/${encodeURIComponent(props.call.lead.id)}`, { businessId: props.businessId })
      : '';
  return (
    <div class="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <div class="space-y-6">
        <section class="card p-5" aria-labelledby="call-title">
          <div class="flex flex-wrap items-center gap-3">
            <h2 id="call-title" class="text-lg font-semibold text-slate-900">
              <Show when={props.call.lead?.name} fallback={<Phone e164={props.call.from} />}>
                {(name) => <Auto>{name()}</Auto>}
              </Show>
            </h2>
            <Badge tone={callState(props.call).tone} dot>
              {callState(props.call).label}
            </Badge>
            <Show when={props.call.outcome}>
              {(o) => <Badge tone={OUTCOME_TONE[o()]}>{OUTCOME_LABEL[o()]}</Badge>}
            </Show>
          </div>
          <p class="mt-1 text-sm text-slate-500">
            {formatWhen(props.call.startedAt)} · {DIRECTION_LABEL[props.call.direction]} ·{' '}
            {durationText(props.call.durationMs)} · <span dir="ltr">{props.call.from}</span>
          </p>
          <div class="mt-4">
            <CallPlayer
              callId={props.call.id}
              businessId={props.businessId}
              problem={problem()}
              onAudio={setAudio}
              onTime={setPositionMs}
            />
          </div>
        </section>
        <section class="card p-5" aria-labelledby="transcript-title">
          <h2 id="transcript-title" class="mb-1 text-base font-semibold text-slate-900">
            התמליל
          </h2>
          <Show when={audio()}>
            <p class="mb-4 text-xs text-slate-500">
              לחיצה על שורה מנגנת את ההקלטה ממנה; החצים למעלה ולמטה עוברים בין השורות.
            </p>
          </Show>
          <Show
            when={props.call.transcript.length > 0}
            fallback={<p class="text-sm text-slate-500">לא נאמר דבר בשיחה הזו.</p>}
          >
            <CallTranscript
              turns={props.call.transcript}
              playing={playingIndex(props.call.transcript, positionMs())}
              canSeek={audio() !== undefined}
              onSeek={seek}
            />
          </Show>
        </section>
      </div>
      <aside class="space-y-6">
        <AnalysisCard call={props.call} />
        <CallLatency counters={props.call.counters} />
        <section class="card p-5" aria-labelledby="produced-title">
          <h2 id="produced-title" class="mb-3 text-base font-semibold text-slate-900">
            מה יצא מהשיחה
          </h2>
          <Show
            when={props.call.lead}
            fallback={<p class="text-sm text-slate-500">המספר חסוי: לא נוצר ליד.</p>}
          >
            {(lead) => (
              <p class="text-sm text-slate-700">
                {props.call.leadCreated ? 'ליד חדש: ' : 'ליד קיים: '}
                <A href={leadHref()} class="focusable rounded text-brand-700 hover:underline">
                  <LeadName lead={lead()} />
                </A>
              </p>
            )}
          </Show>
          <Show
            when={props.call.appointments.length > 0}
            fallback={<p class="mt-2 text-sm text-slate-500">לא נקבע תור בשיחה.</p>}
          >
            <ul class="mt-2 space-y-1 text-sm text-slate-700">
              <For each={props.call.appointments}>
                {(a) => (
                  <li>
                    תור ל־<Ltr>{formatWhen(a.startsAt)}</Ltr>
                    <Show when={a.status === 'cancelled'}> (בוטל)</Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </section>
      </aside>
    </div>
  );
}

function AnalysisCard(props: { call: CallDetail }) {
  const a = () => props.call.analysis;
  return (
    <section class="card p-5" aria-labelledby="analysis-title">
      <h2 id="analysis-title" class="mb-3 text-base font-semibold text-slate-900">
        סיכום השיחה
      </h2>
      <Switch fallback={<p class="text-sm text-slate-500">אין מה לסכם: לא נאמר דבר בשיחה.</p>}>
        <Match when={a()}>
          {(analysis) => (
            <div class="space-y-3 text-sm text-slate-700">
              <p>{analysis().summary}</p>
              <dl class="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
                <dt class="text-slate-500">כוונה</dt>
                <dd>{analysis().intent || '—'}</dd>
                <dt class="text-slate-500">שם</dt>
                <dd>{analysis().fields.name ?? '—'}</dd>
                <dt class="text-slate-500">שירות</dt>
                <dd>{analysis().fields.service ?? '—'}</dd>
                <dt class="text-slate-500">מועד מבוקש</dt>
                <dd>{analysis().fields.time ?? '—'}</dd>
                <dt class="text-slate-500">מספר לחזרה</dt>
                <dd>
                  <Show when={analysis().fields.callbackNumber} fallback="—">
                    {(n) => <Ltr>{n()}</Ltr>}
                  </Show>
                </dd>
                <dt class="text-slate-500">טון</dt>
                <dd>{SENTIMENT_LABEL[analysis().sentiment]}</dd>
              </dl>
            </div>
          )}
        </Match>
        <Match when={props.call.analysisStatus}>
          {(status) => (
            <p class="text-sm text-slate-500" role="status">
              {ANALYSIS_STATUS_LABEL[status()]}
              {status() === 'pending' ? ': הסיכום יופיע כאן כשיהיה מוכן.' : '.'}
              <Show when={status() === 'failed' && props.call.analysisError}>
                {(reason) => (
                  <span class="mt-1 block text-xs text-slate-400">
                    <Ltr>{reason()}</Ltr>
                  </span>
                )}
              </Show>
            </p>
          )}
        </Match>
      </Switch>
    </section>
  );
}
