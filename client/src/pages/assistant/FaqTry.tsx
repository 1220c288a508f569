import { createSignal, For, Show } from 'solid-js';
import { Badge, FormAlert } from '../../ui/common';
import { type AssistantChannel, type FaqTrial, tryQuestion } from './data';
import { CHANNEL_LABEL, CHANNELS } from './labels';
import { assistantError } from './messages';
import { asTyped } from './typed-words';

/**
 * "Try a question": runs it through the assistant's own matcher on the saved FAQ and shows
 * which entry would answer, whether WhatsApp would send it without the model, and why.
 */
export function FaqTry(props: { businessId: string | undefined }) {
  const [channel, setChannel] = createSignal<AssistantChannel>('whatsapp');
  const [trial, setTrial] = createSignal<{ question: string; channel: AssistantChannel; result: FaqTrial }>();
  const [error, setError] = createSignal<string>();
  const [pending, setPending] = createSignal(false);

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const question = String(
      new FormData(event.currentTarget as HTMLFormElement).get('question') ?? '',
    ).trim();
    if (!question) return;
    setError(undefined);
    setPending(true);
    try {
      const asked = channel();
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

  return (
    <section class="card space-y-4 p-5" aria-labelledby="faq-try-title">
      <div>
        <h2 id="faq-try-title" class="text-base font-semibold text-slate-900">
          בדיקת שאלה
        </h2>
        <p class="mt-1 text-sm text-slate-500">כתבו שאלה כמו שלקוח היה שואל, וראו איזו תשובה תתאים לה.</p>
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
        <Show when={trial()}>{(done) => <TrialResult {...done()} />}</Show>
      </div>
    </section>
  );
}

function TrialResult(props: { question: string; channel: AssistantChannel; result: FaqTrial }) {
  const top = () => props.result.answer;
  const percent = (score: number) => `${Math.round(score * 100)}%`;
  return (
    <section class="space-y-4 border-t border-slate-100 pt-4" aria-label="תוצאת הבדיקה">
      <Show
        when={top()}
        fallback={
          <p class="rounded-lg bg-amber-50 px-3 py-2.5 text-sm text-amber-800">
            אין התאמה בטוחה. העוזר יענה בעצמו, לפי הפרופיל וההנחיות.
          </p>
        }
      >
        {(answer) => (
          <div class="space-y-2 rounded-lg bg-emerald-50 px-3 py-2.5 text-sm text-emerald-900">
            <p>
              <span class="font-semibold">נמצאה התאמה:</span> {answer().question}
            </p>
            <p class="whitespace-pre-line text-emerald-800">{answer().answer}</p>
            <p class="font-medium">
              {props.result.answeredWithoutModel
                ? 'בוואטסאפ התשובה תישלח ישירות, בלי לפנות למודל.'
                : `ב${CHANNEL_LABEL[props.channel]} התשובה תועבר לעוזר, שיאמר אותה במילים שלו.`}
            </p>
          </div>
        )}
      </Show>
      <div>
        <h3 class="text-sm font-semibold text-slate-900">המועמדות</h3>
        <p class="mt-0.5 text-xs text-slate-500">
          התאמה בטוחה: ציון של {percent(props.result.thresholds.score)} לפחות, ויתרון של{' '}
          {percent(props.result.thresholds.margin)} על המועמדת הבאה.
        </p>
        <Show
          when={props.result.candidates.length}
          fallback={<p class="mt-2 text-sm text-slate-500">אף שאלה לא חולקת מילים עם השאלה שנבדקה.</p>}
        >
          <ol class="mt-2 space-y-2">
            <For each={props.result.candidates}>
              {(candidate) => (
                <li class="rounded-lg border border-slate-200 px-3 py-2 text-sm">
                  <div class="flex items-start justify-between gap-2">
                    <span class="font-medium text-slate-900">{candidate.question}</span>
                    <span class="shrink-0 tabular-nums text-slate-600">ציון {percent(candidate.score)}</span>
                  </div>
                  <div class="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-slate-500">
                    <Show when={candidate.confident}>
                      <Badge tone="green">בטוחה</Badge>
                    </Show>
                    <span>מילים משותפות:</span>
                    <For each={asTyped(props.question, candidate.matchedWords)} fallback={<span>אין</span>}>
                      {(word) => <Badge tone="slate">{word}</Badge>}
                    </For>
                  </div>
                </li>
              )}
            </For>
          </ol>
        </Show>
      </div>
    </section>
  );
}
