import { createAsync, revalidate, useAction } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { ApiError } from '../../api';
import { errorMessage } from '../../errors';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Badge, FormAlert } from '../../ui/common';
import { Field } from '../../ui/Field';
import { Ltr } from '../../ui/Ltr';
import { formatDateTime } from '../leads/labels';
import {
  createEndpoint,
  type Delivery,
  deleteEndpoint,
  type Endpoint,
  EVENT_LABEL,
  EVENTS,
  listDeliveries,
  listEndpoints,
  replayDelivery,
  updateEndpoint,
  type WebhookEvent,
} from './data';
import { SecretOnce } from './SecretOnce';

const URL_ERRORS: Record<string, string> = {
  'is required': 'יש להזין כתובת.',
  'is not a URL': 'הכתובת אינה תקינה.',
  'must be https': 'בסביבת הייצור הכתובת חייבת להתחיל ב־https.',
  'must be http or https': 'הכתובת חייבת להתחיל ב־http או https.',
  'must not be a local or internal address': 'אי אפשר לשלוח לכתובת פנימית או מקומית.',
  'has a host name that does not resolve': 'שם השרת בכתובת לא נמצא.',
  'must not carry a user name or password': 'הכתובת לא יכולה לכלול שם משתמש או סיסמה.',
};

export function WebhooksSection(props: { businessId: string | undefined }) {
  const endpoints = createAsync(() => listEndpoints(props.businessId));
  const [secret, setSecret] = createSignal<string>();
  return (
    <section class="card space-y-5 p-5" aria-labelledby="webhooks-title">
      <div>
        <h2 id="webhooks-title" class="text-base font-semibold text-slate-900">
          Webhooks
        </h2>
        <p class="mt-1 text-sm text-slate-500">
          כתובות ש־n8n, Zapier או מערכת משלכם מאזינות בהן. כל משלוח חתום (Standard Webhooks), נשלח שוב אם
          נכשל, ומופיע ביומן.
        </p>
      </div>
      <NewEndpointForm businessId={props.businessId} onCreated={setSecret} />
      <Show when={secret()}>
        {(value) => (
          <SecretOnce label="סוד החתימה של הכתובת" value={value()} onDone={() => setSecret(undefined)} />
        )}
      </Show>
      <ul class="space-y-3">
        <For each={endpoints()}>
          {(endpoint) => <EndpointCard businessId={props.businessId} endpoint={endpoint} />}
        </For>
      </ul>
    </section>
  );
}

function NewEndpointForm(props: { businessId: string | undefined; onCreated: (secret: string) => void }) {
  const create = useAction(createEndpoint);
  const [errors, setErrors] = createSignal<{ url?: string; events?: string; form?: string }>({});
  const [pending, setPending] = createSignal(false);
  let form!: HTMLFormElement;
  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(form);
    const events = data.getAll('events').map(String) as WebhookEvent[];
    setPending(true);
    setErrors({});
    try {
      const { secret } = await create(props.businessId, {
        url: String(data.get('url') ?? ''),
        description: String(data.get('description') ?? ''),
        events,
      });
      form.reset();
      props.onCreated(secret);
    } catch (error) {
      const fields = error instanceof ApiError ? (error.details?.fields ?? {}) : {};
      setErrors({
        url: fields.url ? (URL_ERRORS[fields.url] ?? 'הכתובת אינה תקינה.') : undefined,
        events: fields.events ? 'בחרו לפחות אירוע אחד.' : undefined,
        form: fields.url || fields.events ? undefined : errorMessage(error),
      });
    } finally {
      setPending(false);
    }
  }
  return (
    <form ref={form} class="space-y-4 rounded-lg border border-slate-200 p-4" onSubmit={submit} noValidate>
      <div class="grid gap-4 sm:grid-cols-2">
        <Field
          label="כתובת (URL)"
          name="url"
          id="webhook-url"
          type="url"
          dir="ltr"
          error={errors().url}
          required
        />
        <Field label="תיאור" name="description" id="webhook-description" maxLength={200} />
      </div>
      <fieldset aria-describedby={errors().events ? 'webhook-events-error' : undefined}>
        <legend class="label">אירועים</legend>
        <div class="grid gap-2 sm:grid-cols-3">
          <For each={EVENTS}>
            {(event) => (
              <label class="flex items-center gap-2 text-sm">
                <input type="checkbox" name="events" value={event} class="accent-brand-600" />
                {EVENT_LABEL[event]}
              </label>
            )}
          </For>
        </div>
        <Show when={errors().events}>
          <p id="webhook-events-error" class="field-error">
            {errors().events}
          </p>
        </Show>
      </fieldset>
      <FormAlert message={errors().form} />
      <button type="submit" class="btn-primary" disabled={pending()}>
        הוספת כתובת
      </button>
    </form>
  );
}

const STATE: Record<Delivery['state'], { label: string; tone: 'green' | 'amber' | 'slate' }> = {
  pending: { label: 'ממתין', tone: 'slate' },
  succeeded: { label: 'נמסר', tone: 'green' },
  failing: { label: 'נכשל, ינסה שוב', tone: 'amber' },
  failed: { label: 'נכשל', tone: 'amber' },
};

function EndpointCard(props: { businessId: string | undefined; endpoint: Endpoint }) {
  const update = useAction(updateEndpoint);
  const remove = useAction(deleteEndpoint);
  const replay = useAction(replayDelivery);
  const [open, setOpen] = createSignal(false);
  const [confirming, setConfirming] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const deliveries = createAsync(async () =>
    open() ? listDeliveries(props.businessId, props.endpoint.id) : undefined,
  );
  const run = (work: () => Promise<unknown>) =>
    work().then(
      () => setError(undefined),
      (e) => setError(errorMessage(e)),
    );
  return (
    <li class="rounded-lg border border-slate-200 p-4" aria-label={`Webhook ${props.endpoint.url}`}>
      <div class="flex flex-wrap items-start justify-between gap-3">
        <div class="min-w-0">
          <p class="break-all text-sm font-medium text-slate-900">
            <Ltr>{props.endpoint.url}</Ltr>
          </p>
          <p class="mt-1 text-xs text-slate-500">
            {props.endpoint.events.map((e) => EVENT_LABEL[e] ?? e).join(' · ')}
            <Show when={props.endpoint.description}> — {props.endpoint.description}</Show>
          </p>
        </div>
        <div class="flex flex-wrap gap-2">
          <Badge tone={props.endpoint.enabled ? 'green' : 'slate'} dot>
            {props.endpoint.enabled ? 'פעילה' : 'מושבתת'}
          </Badge>
          <button
            type="button"
            class="btn-secondary btn-sm"
            onClick={() =>
              run(() => update(props.businessId, props.endpoint.id, { enabled: !props.endpoint.enabled }))
            }
          >
            {props.endpoint.enabled ? 'השבתה' : 'הפעלה'}
          </button>
          <button
            type="button"
            class="btn-secondary btn-sm"
            aria-expanded={open()}
            onClick={() => setOpen(!open())}
          >
            יומן משלוחים
          </button>
          <button type="button" class="btn-danger btn-sm" onClick={() => setConfirming(true)}>
            מחיקה
          </button>
        </div>
      </div>
      <FormAlert message={error()} />
      <Show when={open()}>
        <div class="mt-3 flex justify-end">
          <button
            type="button"
            class="btn-ghost btn-sm"
            onClick={() => revalidate(listDeliveries.keyFor(props.businessId, props.endpoint.id))}
          >
            רענון
          </button>
        </div>
        <Show
          when={(deliveries() ?? []).length > 0}
          fallback={<p class="mt-2 text-sm text-slate-500">עדיין לא נשלח דבר לכתובת הזו.</p>}
        >
          <ul class="mt-2 divide-y divide-slate-100" aria-label="יומן משלוחים">
            <For each={deliveries()}>
              {(d) => (
                <li
                  class="flex flex-wrap items-center justify-between gap-2 py-2 text-sm"
                  data-delivery={d.id}
                >
                  <span class="flex flex-wrap items-center gap-2">
                    <span class="font-medium">{EVENT_LABEL[d.eventType] ?? d.eventType}</span>
                    <Badge tone={STATE[d.state].tone}>{STATE[d.state].label}</Badge>
                    <span class="text-xs text-slate-500">
                      ניסיונות: <Ltr>{d.attempts}</Ltr>
                      <Show when={d.lastStatus !== null}>
                        {' · '}HTTP <Ltr>{d.lastStatus}</Ltr>
                      </Show>
                      <Show when={d.lastAttemptAt}>{(t) => <> · {formatDateTime(t())}</>}</Show>
                    </span>
                  </span>
                  <button
                    type="button"
                    class="btn-secondary btn-sm"
                    aria-label={`שליחה חוזרת של ${EVENT_LABEL[d.eventType] ?? d.eventType}`}
                    onClick={() => run(() => replay(props.businessId, props.endpoint.id, d.id))}
                  >
                    שליחה חוזרת
                  </button>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
      <ConfirmDialog
        id={`delete-webhook-${props.endpoint.id}`}
        open={confirming()}
        title="למחוק את הכתובת?"
        confirmLabel="מחיקה"
        danger
        onCancel={() => setConfirming(false)}
        onConfirm={() =>
          run(() => remove(props.businessId, props.endpoint.id)).then(() => setConfirming(false))
        }
      >
        לא יישלחו אליה עוד אירועים, ויומן המשלוחים שלה יימחק.
      </ConfirmDialog>
    </li>
  );
}
