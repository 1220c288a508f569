import { useAction } from '@solidjs/router';
import { createEffect, createSignal, For, Index, Match, on, Show, Switch } from 'solid-js';
import { FormAlert } from '../../ui/common';
import { toast } from '../../ui/toast';
import { type ConversationDetail, sendReply, type Template } from './data';
import { aiIsOn, composerMode, renderTemplate, replyError, templateParamCount } from './labels';

/**
 * The staff's reply: free text while WhatsApp allows it, an approved template with its
 * parameters after Meta's 24 hours, or the reason nothing can be sent. Sending pauses the
 * assistant in this conversation (the server does it; the toggle above shows it).
 */
export function Composer(props: { detail: ConversationDetail; businessId: string | undefined }) {
  const mode = () => composerMode(props.detail);
  const send = useAction(sendReply);
  const [text, setText] = createSignal('');
  const [pending, setPending] = createSignal(false);
  const [error, setError] = createSignal<string>();
  // Another conversation opened: its own empty composer.
  createEffect(
    on(
      () => props.detail.conversation.id,
      () => {
        setText('');
        setError(undefined);
      },
      { defer: true },
    ),
  );
  async function submit(body: Parameters<typeof send>[2]) {
    setError(undefined);
    setPending(true);
    const pausing = aiIsOn(props.detail.conversation.ai, Date.now());
    try {
      await send(props.businessId, props.detail.conversation.id, body);
      setText('');
      toast(pausing ? 'ההודעה נשלחה, והעוזר הושהה בשיחה' : 'ההודעה נשלחה');
      return true;
    } catch (err) {
      setError(replyError(err));
      return false;
    } finally {
      setPending(false);
    }
  }
  return (
    <div class="border-t border-slate-200 p-3">
      <Switch>
        <Match when={mode().kind === 'blocked' && mode()}>
          {(m) => (
            <p class="rounded-lg bg-slate-100 px-3 py-2 text-sm text-slate-600" role="note">
              {(m() as { reason: string }).reason}
            </p>
          )}
        </Match>
        <Match when={mode().kind === 'template' && mode()}>
          {(m) => (
            <TemplateForm
              templates={(m() as { templates: Template[] }).templates}
              pending={pending()}
              onSend={(template) => submit({ template })}
            />
          )}
        </Match>
        <Match when={mode().kind === 'text'}>
          <form
            class="flex items-end gap-2"
            aria-label="תשובה ללקוח"
            onSubmit={(e) => {
              e.preventDefault();
              if (text().trim()) void submit({ text: text().trim() });
            }}
          >
            <label class="min-w-0 flex-1">
              <span class="sr-only">הודעה ללקוח</span>
              <textarea
                class="input min-h-[2.75rem] resize-y"
                rows={2}
                dir="auto"
                maxLength={4096}
                placeholder="כתבו הודעה…"
                value={text()}
                onInput={(e) => setText(e.currentTarget.value)}
                onKeyDown={(e) => {
                  // Enter sends, Shift+Enter is a new line (as in WhatsApp Web).
                  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
                    e.preventDefault();
                    e.currentTarget.form?.requestSubmit();
                  }
                }}
              />
            </label>
            <button type="submit" class="btn-primary" disabled={pending() || !text().trim()}>
              שליחה
            </button>
          </form>
          <Show when={aiIsOn(props.detail.conversation.ai, Date.now()) && !props.detail.conversation.isGroup}>
            <p class="mt-1.5 text-xs text-slate-500">שליחת הודעה משהה את העוזר בשיחה הזו.</p>
          </Show>
        </Match>
      </Switch>
      <div class="mt-2">
        <FormAlert message={error()} />
      </div>
    </div>
  );
}

function TemplateForm(props: {
  templates: Template[];
  pending: boolean;
  onSend: (t: { name: string; language: string; params: string[] }) => Promise<boolean>;
}) {
  const [chosen, setChosen] = createSignal(0);
  const [params, setParams] = createSignal<string[]>([]);
  const template = () => props.templates[chosen()] ?? props.templates[0];
  const count = () => templateParamCount(template()?.body ?? '');
  const complete = () =>
    params().length >= count() &&
    params()
      .slice(0, count())
      .every((p) => p.trim());
  return (
    <form
      class="space-y-2"
      aria-label="שליחת תבנית"
      onSubmit={async (e) => {
        e.preventDefault();
        const t = template();
        if (!t || !complete()) return;
        const sent = await props.onSend({
          name: t.name,
          language: t.language,
          params: params()
            .slice(0, count())
            .map((p) => p.trim()),
        });
        if (sent) setParams([]);
      }}
    >
      <p class="text-xs text-amber-800">
        עברו יותר מ־24 שעות מאז שהלקוח כתב: WhatsApp מאפשר לשלוח רק תבנית מאושרת.
      </p>
      <label class="block">
        <span class="label">תבנית</span>
        <select
          class="input"
          value={chosen()}
          onChange={(e) => {
            setChosen(Number(e.currentTarget.value));
            setParams([]);
          }}
        >
          <For each={props.templates}>
            {(t, i) => (
              <option value={i()}>
                {t.name} ({t.language})
              </option>
            )}
          </For>
        </select>
      </label>
      <Index each={Array.from({ length: count() })}>
        {(_, i) => (
          <label class="block">
            <span class="label">{`פרמטר ${i + 1}`}</span>
            <input
              class="input"
              dir="auto"
              maxLength={1024}
              value={params()[i] ?? ''}
              onInput={(e) => {
                const next = [...params()];
                next[i] = e.currentTarget.value;
                setParams(next);
              }}
            />
          </label>
        )}
      </Index>
      <div class="rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-700">
        <p class="text-xs text-slate-500">כך הלקוח יקרא אותה:</p>
        <p dir="auto" data-template-preview>
          {renderTemplate(template()?.body ?? '', params())}
        </p>
      </div>
      <button type="submit" class="btn-primary" disabled={props.pending || !complete()}>
        שליחת התבנית
      </button>
    </form>
  );
}
