import { type JSX, Show, splitProps } from 'solid-js';

interface LabelledProps {
  label: string;
  name: string;
  error?: string;
  hint?: string;
}

type FieldProps = JSX.InputHTMLAttributes<HTMLInputElement> & LabelledProps;
type TextAreaFieldProps = JSX.TextareaHTMLAttributes<HTMLTextAreaElement> & LabelledProps;

/** What a control inside a labelled frame carries: its id, and the error or hint tied to it. */
interface ControlAttributes {
  id: string;
  'aria-invalid': 'true' | undefined;
  'aria-describedby': string | undefined;
}

/**
 * The label above, the error (or else the hint) below, tied to the control through
 * aria-describedby and aria-invalid. Props are split, never destructured, so every
 * attribute stays reactive.
 */
function Labelled(props: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  class?: string;
  children: (attributes: ControlAttributes) => JSX.Element;
}) {
  const describedBy = () => (props.error ? `${props.id}-error` : props.hint ? `${props.id}-hint` : undefined);
  return (
    <div class={props.class}>
      <label for={props.id} class="label">
        {props.label}
      </label>
      {props.children({
        get id() {
          return props.id;
        },
        get 'aria-invalid'() {
          return props.error ? ('true' as const) : undefined;
        },
        get 'aria-describedby'() {
          return describedBy();
        },
      })}
      <Show
        when={props.error}
        fallback={
          <Show when={props.hint}>
            <p id={`${props.id}-hint`} class="mt-1.5 text-xs text-slate-500">
              {props.hint}
            </p>
          </Show>
        }
      >
        <p id={`${props.id}-error`} class="field-error">
          {props.error}
        </p>
      </Show>
    </div>
  );
}

/** A labelled input whose error is tied to it through aria-describedby and aria-invalid. */
export function Field(props: FieldProps) {
  const [own, input] = splitProps(props, ['label', 'error', 'hint', 'class']);
  return (
    <Labelled
      id={input.id ?? `field-${input.name}`}
      label={own.label}
      error={own.error}
      hint={own.hint}
      class={own.class}
    >
      {(attributes) => <input {...input} {...attributes} class="input" />}
    </Labelled>
  );
}

/** A labelled right-to-left textarea, framed like Field. */
export function TextAreaField(props: TextAreaFieldProps) {
  const [own, area] = splitProps(props, ['label', 'error', 'hint', 'class']);
  return (
    <Labelled
      id={area.id ?? `field-${area.name}`}
      label={own.label}
      error={own.error}
      hint={own.hint}
      class={own.class}
    >
      {(attributes) => (
        <textarea dir="rtl" rows={3} {...area} {...attributes} class="input resize-y leading-relaxed" />
      )}
    </Labelled>
  );
}
