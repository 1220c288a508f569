import { useAction, useSubmission } from '@solidjs/router';
import { createSignal, For, type JSX } from 'solid-js';
import { errorMessage, fieldErrors } from '../../errors';
import { CreateForm } from '../../ui/CreateForm';
import { Field } from '../../ui/Field';
import { LeadSearch } from '../leads/LeadSearch';
import { type FieldKind, type FieldSpec, readRecordForm } from './record-form';
import type { BillingRecord, RecordKind } from './records';

const INPUT: Record<FieldKind, JSX.InputHTMLAttributes<HTMLInputElement>> = {
  text: {},
  date: { type: 'date' },
  url: { type: 'url', dir: 'ltr', placeholder: 'https://' },
  shekels: { inputmode: 'decimal', dir: 'ltr' },
};

/** Adds one record of `kind`: its fields, then a lead search; closes through `onDone` once saved. */
export function RecordForm<R extends BillingRecord>(props: { kind: RecordKind<R>; onDone: () => void }) {
  const create = useAction(props.kind.api.create);
  const submission = useSubmission(props.kind.api.create);
  submission.clear?.();
  const [invalid, setInvalid] = createSignal<Record<string, string>>({});
  const refusals = () =>
    Object.fromEntries(props.kind.fields.flatMap((f) => (f.refused ? [[f.name, f.refused]] : [])));
  const refused = () => fieldErrors(submission.error, refusals());
  const errorOf = (field: FieldSpec) => invalid()[field.name] ?? (field.refused && refused()[field.name]);
  const titleId = () => `${props.kind.key}-form-title`;

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const read = readRecordForm(props.kind.fields, new FormData(event.currentTarget as HTMLFormElement));
    setInvalid('errors' in read ? read.errors : {});
    if (!('input' in read)) return;
    try {
      await create(undefined, read.input);
      props.onDone();
    } catch {
      // shown through submission.error
    }
  }
  return (
    <CreateForm
      titleId={titleId()}
      title={props.kind.newLabel}
      alert={submission.error ? errorMessage(submission.error) : undefined}
      pending={submission.pending}
      submitLabel={`הוספת ${props.kind.definite}`}
      pendingLabel="שומרים…"
      onSubmit={onSubmit}
      onCancel={() => props.onDone()}
    >
      <div class={`grid gap-5 ${props.kind.fields.length === 2 ? 'md:grid-cols-2' : 'md:grid-cols-3'}`}>
        <For each={props.kind.fields}>
          {(field) => (
            <Field
              {...INPUT[field.kind]}
              label={field.label}
              name={field.name}
              id={`${props.kind.key}-${field.id}`}
              required={field.required}
              maxLength={field.maxLength}
              error={errorOf(field) || undefined}
            />
          )}
        </For>
      </div>
      <LeadSearch businessId={undefined} name="leadId" id={`${props.kind.key}-lead`} label="ליד (לא חובה)" />
    </CreateForm>
  );
}
