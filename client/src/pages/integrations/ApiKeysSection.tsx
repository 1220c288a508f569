import { createAsync, useAction } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { ApiError } from '../../api';
import { errorMessage } from '../../errors';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Badge, FormAlert } from '../../ui/common';
import { Field } from '../../ui/Field';
import { Ltr } from '../../ui/Ltr';
import { formatDateTime } from '../leads/labels';
import { type ApiKey, createApiKey, listApiKeys, revokeApiKey } from './data';
import { SecretOnce } from './SecretOnce';

const ROLE_LABEL: Record<ApiKey['role'], string> = { admin: 'מנהל/ת', agent: 'נציג/ה' };

export function ApiKeysSection(props: { businessId: string | undefined }) {
  const keys = createAsync(() => listApiKeys(props.businessId));
  const create = useAction(createApiKey);
  const [shown, setShown] = createSignal<string>();
  const [errors, setErrors] = createSignal<{ name?: string; form?: string }>({});
  let form!: HTMLFormElement;
  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(form);
    setErrors({});
    try {
      const { key } = await create(props.businessId, {
        name: String(data.get('name') ?? ''),
        role: String(data.get('role') ?? 'agent') as ApiKey['role'],
      });
      form.reset();
      setShown(key);
    } catch (error) {
      const fields = error instanceof ApiError ? (error.details?.fields ?? {}) : {};
      setErrors(fields.name ? { name: 'יש לתת למפתח שם.' } : { form: errorMessage(error) });
    }
  }
  return (
    <section class="card space-y-5 p-5" aria-labelledby="api-keys-title">
      <div>
        <h2 id="api-keys-title" class="text-base font-semibold text-slate-900">
          מפתחות API
        </h2>
        <p class="mt-1 text-sm text-slate-500">
          לכלים של העסק: שולחים <Ltr>Authorization: Bearer psk_…</Ltr> בכל בקשה ל־<Ltr>/api</Ltr>. המפתח פועל
          בהרשאות התפקיד שנבחר.
        </p>
      </div>
      <form ref={form} class="flex flex-wrap items-end gap-3" onSubmit={submit} noValidate>
        <Field label="שם המפתח" name="name" id="api-key-name" error={errors().name} class="min-w-48 flex-1" />
        <div>
          <label for="api-key-role" class="label">
            תפקיד
          </label>
          <select id="api-key-role" name="role" class="input">
            <option value="agent">{ROLE_LABEL.agent}</option>
            <option value="admin">{ROLE_LABEL.admin}</option>
          </select>
        </div>
        <button type="submit" class="btn-primary">
          יצירת מפתח
        </button>
      </form>
      <FormAlert message={errors().form} />
      <Show when={shown()}>
        {(key) => <SecretOnce label="המפתח החדש" value={key()} onDone={() => setShown(undefined)} />}
      </Show>
      <ul class="divide-y divide-slate-100">
        <For each={keys()}>{(key) => <KeyRow businessId={props.businessId} apiKey={key} />}</For>
      </ul>
    </section>
  );
}

function KeyRow(props: { businessId: string | undefined; apiKey: ApiKey }) {
  const revoke = useAction(revokeApiKey);
  const [confirming, setConfirming] = createSignal(false);
  const [error, setError] = createSignal<string>();
  return (
    <li
      class="flex flex-wrap items-center justify-between gap-3 py-3 text-sm"
      aria-label={`מפתח ${props.apiKey.name}`}
    >
      <div>
        <p class="font-medium text-slate-900">{props.apiKey.name}</p>
        <p class="text-xs text-slate-500">
          <Ltr class="font-mono">{props.apiKey.prefix}…</Ltr> · {ROLE_LABEL[props.apiKey.role]} · שימוש אחרון:{' '}
          {props.apiKey.lastUsedAt ? formatDateTime(props.apiKey.lastUsedAt) : 'עדיין לא'}
        </p>
      </div>
      <Show when={!props.apiKey.revokedAt} fallback={<Badge tone="slate">בוטל</Badge>}>
        <button type="button" class="btn-danger btn-sm" onClick={() => setConfirming(true)}>
          ביטול המפתח
        </button>
      </Show>
      <ConfirmDialog
        id={`revoke-key-${props.apiKey.id}`}
        open={confirming()}
        title={`לבטל את המפתח "${props.apiKey.name}"?`}
        confirmLabel="ביטול המפתח"
        danger
        error={error()}
        onCancel={() => setConfirming(false)}
        onConfirm={() =>
          revoke(props.businessId, props.apiKey.id).then(
            () => setConfirming(false),
            (e) => setError(errorMessage(e)),
          )
        }
      >
        כל בקשה עם המפתח הזה תיענה מעכשיו ב־401. אי אפשר לבטל את הפעולה.
      </ConfirmDialog>
    </li>
  );
}
