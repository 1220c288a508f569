import { useAction } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { errorMessage } from '../../errors';
import { FormAlert } from '../../ui/common';
import { Field } from '../../ui/Field';
import { type Channel, linkMeta } from './data';
import { META_ERROR_OVERRIDES, type MetaDraft, metaBody, metaDraftFrom, metaErrors } from './meta-form';

const TEMPLATE_HINT =
  'לא חובה. Meta מאשרת הודעה חופשית רק עד 24 שעות אחרי שהלקוח כתב לעסק בפעם האחרונה; תזכורת שנשלחת מאוחר יותר ' +
  'חייבת תבנית מאושרת. פרמטרי גוף התבנית: {{1}} שם העסק, {{2}} מועד הפגישה.';

/** Linking (or updating) a Cloud API number: Meta checks the id and token before anything is saved. */
export function MetaForm(props: { channel: Channel | null; businessId: string | undefined }) {
  // Read once: the draft is the owner's from then on.
  const [draft, setDraft] = createStore<MetaDraft>(metaDraftFrom(props.channel));
  const save = useAction(linkMeta);
  const [error, setError] = createSignal<unknown>();
  const [pending, setPending] = createSignal(false);
  const [saved, setSaved] = createSignal(false);
  const errors = () => metaErrors(error());
  const linked = () => (props.channel?.provider === 'meta' ? props.channel.meta : null);
  // The server keeps the stored token only for the number it was stored with.
  const tokenStored = () =>
    Boolean(linked()?.hasAccessToken) && linked()?.phoneNumberId === draft.phoneNumberId.trim();
  const input = (key: keyof MetaDraft) => (event: InputEvent & { currentTarget: HTMLInputElement }) =>
    setDraft(key, event.currentTarget.value);

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    setError(undefined);
    setSaved(false);
    setPending(true);
    try {
      await save(props.businessId, metaBody(draft));
      setDraft('accessToken', '');
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  }

  const formError = () => {
    const err = error();
    if (!err || Object.keys(errors()).length > 0) return undefined;
    return errorMessage(err, META_ERROR_OVERRIDES);
  };

  return (
    <form onSubmit={onSubmit} class="space-y-5" novalidate aria-label="WhatsApp Business API (Meta)">
      <FormAlert message={formError()} />
      <div class="grid gap-5 sm:grid-cols-2">
        <Field
          label="מזהה מספר הטלפון (Phone number ID)"
          name="phoneNumberId"
          dir="ltr"
          inputmode="numeric"
          autocomplete="off"
          value={draft.phoneNumberId}
          onInput={input('phoneNumberId')}
          error={errors().phoneNumberId}
          hint="מופיע ב-WhatsApp Manager של Meta, תחת API Setup."
        />
        <Field
          label="אסימון גישה (Access token)"
          name="accessToken"
          type="password"
          dir="ltr"
          autocomplete="off"
          value={draft.accessToken}
          onInput={input('accessToken')}
          error={errors().accessToken}
          hint={
            tokenStored()
              ? 'שמור — השאר ריק כדי לא לשנות'
              : 'אסימון קבוע של System User עם הרשאת whatsapp_business_messaging.'
          }
        />
        <Field
          label="שם תבנית התזכורת (לא חובה)"
          name="reminderTemplate"
          dir="ltr"
          autocomplete="off"
          value={draft.reminderTemplate}
          onInput={input('reminderTemplate')}
          error={errors().reminderTemplate}
          hint={TEMPLATE_HINT}
        />
        <Field
          label="שפת התבנית"
          name="templateLanguage"
          dir="ltr"
          autocomplete="off"
          value={draft.templateLanguage}
          onInput={input('templateLanguage')}
          error={errors().templateLanguage}
          hint="קוד השפה שבה אושרה התבנית: he לעברית, או למשל en_US."
        />
      </div>
      <div class="flex items-center gap-3">
        <button type="submit" class="btn-primary" disabled={pending()}>
          {pending() ? 'בודקים מול Meta…' : linked() ? 'שמירת הגדרות Meta' : 'התחברות דרך Meta'}
        </button>
        <Show when={saved() && !pending()}>
          <span role="status" class="text-sm text-emerald-700">
            Meta אישרה את הפרטים, והמספר מחובר.
          </span>
        </Show>
      </div>
    </form>
  );
}
