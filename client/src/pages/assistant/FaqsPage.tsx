import { createAsync, useAction } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { EmptyState } from '../../ui/common';
import { Icon } from '../../ui/Icon';
import { AssistantPage, type AssistantScope } from './AssistantPage';
import { createFaq, listFaqs } from './data';
import { FaqForm } from './FaqForm';
import { FaqRow } from './FaqRow';
import { FaqTry } from './FaqTry';

/** The business's FAQ: what the assistant answers its own way, and a box to try a question. */
export default function FaqsPage() {
  return (
    <AssistantPage
      title="שאלות נפוצות"
      description="תשובות קבועות לשאלות שחוזרות. בוואטסאפ שאלה שהרשימה עונה עליה בוודאות נענית מיד, בלי מודל."
      icon="faq"
    >
      {(scope) => <FaqManager {...scope} />}
    </AssistantPage>
  );
}

function FaqManager(props: AssistantScope) {
  const faqs = createAsync(() => listFaqs(props.businessId));
  const create = useAction(createFaq);
  // A question tried in the box and added from there: it fills the new-FAQ form. Set even when
  // equal to the last one, so a second click after saving fills the emptied form again.
  const [draft, setDraft] = createSignal('', { equals: false });
  function addDraft(question: string) {
    setDraft(question);
    const answer = document.getElementById('new-faq-answer');
    answer?.scrollIntoView({ block: 'center' });
    answer?.focus();
  }
  return (
    <div class="grid items-start gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <div class="space-y-6">
        <Show when={props.canManage}>
          <section class="card p-5" aria-labelledby="new-faq-title">
            <h2 id="new-faq-title" class="mb-4 text-base font-semibold text-slate-900">
              שאלה חדשה
            </h2>
            <FaqForm
              idPrefix="new-faq"
              draftQuestion={draft()}
              submitLabel="הוספת השאלה"
              pendingLabel="מוסיפים…"
              onSubmit={(input) => create(props.businessId, input)}
            />
          </section>
        </Show>
        <section class="card" aria-labelledby="faq-list-title">
          <h2
            id="faq-list-title"
            class="border-b border-slate-100 px-5 py-4 text-base font-semibold text-slate-900"
          >
            השאלות ({faqs()?.length ?? 0})
          </h2>
          <Show
            when={faqs()?.length}
            fallback={
              <EmptyState
                icon={<Icon name="faq" class="h-6 w-6" />}
                title="עדיין אין שאלות נפוצות"
                description="שאלה שמוסיפים כאן נענית לפי הנוסח שלכם, בערוצים שבוחרים לה."
              />
            }
          >
            <ul class="divide-y divide-slate-100">
              <For each={faqs()}>{(faq) => <FaqRow {...props} faq={faq} />}</For>
            </ul>
          </Show>
        </section>
      </div>
      <div class="xl:sticky xl:top-6">
        <FaqTry businessId={props.businessId} canManage={props.canManage} onDraft={addDraft} />
      </div>
    </div>
  );
}
