import { useAction } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { Badge, FormAlert } from '../../ui/common';
import { type AssistantChannel, createFaq, type FaqTrial, tryQuestion } from './data';
import { CHANNEL_LABEL, CHANNELS } from './labels';
import { assistantError } from './messages';
import { blockedReasons, matchedText, outcomeText } from './trial-text';

type Tried = { question: string; channel: AssistantChannel; result: FaqTrial };

/**
 * "Try a question": runs it through the assistant's own precision rule on the saved FAQ and
 * shows what the assistant would do, the words that met an FAQ, the words that kept one from
 * answering, and for a manager a one-click "add this as a question".
 */
export function FaqTry(props: {
  businessId: string | undefined;
  canManage: boolean;
  /** Puts the question into the new-FAQ form, for the owner to write its answer. */
  onDraft: (question: string) => void;
}) {
  const [channel, setChannel] = createSignal<AssistantChannel>('whatsapp');
  const [trial, setTrial] = createSignal<Tried>();
  const [error, setError] = createSignal<string>();
  const [pending, setPending] = createSignal(false);

  async function run(question: string, asked: AssistantChannel) {
    setError(undefined);
    setPending(true);
    try {
      setTrial({
        question,
        channel: asked,
        result: await tryQuestion(props.businessId, { question, channel: asked }),
      });
    } catch (failure) {
      setError(assistantError(failure));
    } finally {
      setPending(false);
    }
  }

  function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const question = String(
      new FormData(event.currentTarget as HTMLFormElement).get('question') ?? '',
    ).trim();
    if (question) void run(question, channel());
  }

  return (
    <section class="card space-y-4 p-5" aria-labelledby="faq-try-title">
      <div>
        <h2 id="faq-try-title" class="text-base font-semibold text-slate-900">
          בדיקת שאלה
        </h2>
        <p class="mt-1 text-sm text-slate-500">
          כתבו שאלה כמו שלקוח היה כותב, וראו אם העוזר יענה עליה מהרשימה, ולמה.
        </p>
      </div>
      <form onSubmit={onSubmit} class="space-y-3" novalidate>
        <div>
          <label for="faq-try-question" class="label">
            שאלה לבדיקה
          </label>
          <input id="faq-try-question" name="question" class="input" maxLength={500} required />
        </div>
        <fieldset>
          <legend class="label">ערוץ</legend>
          <div class="flex gap-5">
            <For each={CHANNELS}>
              {(option) => (
                <label class="flex items-center gap-2 text-sm text-slate-700">
                  <input
                    type="radio"
                    name="try-channel"
                    value={option}
                    checked={option === channel()}
                    onChange={() => setChannel(option)}
                    class="h-4 w-4 accent-brand-600"
                  />
                  {CHANNEL_LABEL[option]}
                </label>
              )}
            </For>
          </div>
        </fieldset>
        <button type="submit" class="btn-primary" disabled={pending()}>
          {pending() ? 'בודקים…' : 'בדיקה'}
        </button>
      </form>
      <FormAlert message={error()} />
      <div aria-live="polite">
        <Show when={trial()}>
          {(done) => (
            <TrialResult
              {...done()}
              businessId={props.businessId}
              canManage={props.canManage}
              onDraft={props.onDraft}
              onAdded={() => run(done().question, done().channel)}
            />
          )}
        </Show>
      </div>
    </section>
  );
}

function TrialResult(
  props: Tried & {
    businessId: string | undefined;
    canManage: boolean;
    onDraft: (question: string) => void;
    onAdded: () => Promise<void>;
  },
) {
  const answered = () => props.result.answer;
  return (
    <section class="space-y-4 border-t border-slate-100 pt-4" aria-label="תוצאת הבדיקה">
      <Show
        when={answered()}
        fallback={
          <div class="space-y-2 rounded-lg bg-amber-50 px-3 py-2.5 text-sm text-amber-800">
            <p>{outcomeText(props.result, CHANNEL_LABEL[props.channel])}</p>
            <Show when={props.canManage}>
              <button
                type="button"
                class="btn-secondary btn-sm"
                onClick={() => props.onDraft(props.question)}
              >
                הוספה כשאלה חדשה
              </button>
            </Show>
          </div>
        }
      >
        {(answer) => (
          <div class="space-y-2 rounded-lg bg-emerald-50 px-3 py-2.5 text-sm text-emerald-900">
            <p>
              <span class="font-semibold">תשובה מהרשימה:</span> {answer().question}
            </p>
            <p class="whitespace-pre-line text-emerald-800">{answer().answer}</p>
            <p class="font-medium">{outcomeText(props.result, CHANNEL_LABEL[props.channel])}</p>
          </div>
        )}
      </Show>
      <div>
        <h3 class="text-sm font-semibold text-slate-900">השאלות הקרובות</h3>
        <p class="mt-0.5 text-xs text-slate-500">
          שאלה עונה רק כשכל מילה של השאלה שנבדקה נמצאת בה (פרטים יכולים להיות בתשובה), כל מילה שלה נמצאת בשאלה
          שנבדקה, ואין סתירה ביניהן.
        </p>
        <Show
          when={props.result.candidates.length}
          fallback={<p class="mt-2 text-sm text-slate-500">אף שאלה ברשימה לא חולקת מילים עם השאלה שנבדקה.</p>}
        >
          <ol class="mt-2 space-y-2">
            <For each={props.result.candidates}>
              {(candidate) => <CandidateRow {...props} candidate={candidate} />}
            </For>
          </ol>
        </Show>
      </div>
    </section>
  );
}

function CandidateRow(props: {
  candidate: FaqTrial['candidates'][number];
  question: string;
  businessId: string | undefined;
  canManage: boolean;
  onAdded: () => Promise<void>;
}) {
  const create = useAction(createFaq);
  const [adding, setAdding] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const reasons = () => blockedReasons(props.candidate);
  const id = () => `try-${props.candidate.faqId}`;

  async function addWithThisAnswer() {
    setError(undefined);
    setAdding(true);
    try {
      const { answer, channels } = props.candidate;
      await create(props.businessId, { question: props.question, answer, channels });
      await props.onAdded();
    } catch (failure) {
      setError(assistantError(failure));
    } finally {
      setAdding(false);
    }
  }

  return (
    <li class="space-y-1.5 rounded-lg border border-slate-200 px-3 py-2 text-sm" aria-labelledby={id()}>
      <div class="flex items-start justify-between gap-2">
        <span id={id()} class="font-medium text-slate-900">
          {props.candidate.question}
        </span>
        <Show when={props.candidate.passes} fallback={<Badge tone="amber">לא עונה</Badge>}>
          <Badge tone="green">עונה</Badge>
        </Show>
      </div>
      <div class="flex flex-wrap items-center gap-1.5 text-xs text-slate-500">
        <span>מילים שהתאימו:</span>
        <For each={props.candidate.matched} fallback={<span>אין</span>}>
          {(m) => <Badge tone="slate">{matchedText(m)}</Badge>}
        </For>
        <Show when={props.candidate.inAnswer.length}>
          <span>בתשובה:</span>
          <For each={props.candidate.inAnswer}>{(w) => <Badge tone="slate">{w}</Badge>}</For>
        </Show>
        <Show when={props.candidate.narrower.length}>
          <span>השאלה כללית יותר; השאלה ברשימה מפרטת גם:</span>
          <For each={props.candidate.narrower}>{(w) => <Badge tone="slate">{w}</Badge>}</For>
        </Show>
      </div>
      <Show when={reasons().length}>
        <ul class="space-y-0.5 text-xs text-amber-800" aria-label="מה מונע תשובה">
          <For each={reasons()}>{(reason) => <li>{reason}</li>}</For>
        </ul>
      </Show>
      <Show when={props.canManage && !props.candidate.passes}>
        <button
          type="button"
          class="btn-secondary btn-sm"
          disabled={adding()}
          aria-describedby={id()}
          onClick={addWithThisAnswer}
        >
          {adding() ? 'מוסיפים…' : 'הוספה כשאלה עם התשובה הזו'}
        </button>
      </Show>
      <FormAlert message={error()} />
    </li>
  );
}
