import { type JSX, Show, splitProps } from 'solid-js';

type FieldProps = JSX.InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  name: string;
  error?: string;
  hint?: string;
};

/**
 * A labelled input whose error is tied to it through aria-describedby and aria-invalid.
 * Props are split, never destructured, so every attribute stays reactive.
 */
export function Field(props: FieldProps) {
  const [own, input] = splitProps(props, ['label', 'error', 'hint', 'class']);
  const id = () => input.id ?? `field-${input.name}`;
  const describedBy = () => (own.error ? `${id()}-error` : own.hint ? `${id()}-hint` : undefined);
  return (
    <div class={own.class}>
      <label for={id()} class="label">
        {own.label}
      </label>
      <input
        {...input}
        id={id()}
        class="input"
        aria-invalid={own.error ? 'true' : undefined}
        aria-describedby={describedBy()}
      />
      <Show
        when={own.error}
        fallback={
          own.hint && (
            <p id={`${id()}-hint`} class="mt-1.5 text-xs text-slate-500">
              {own.hint}
            </p>
          )
        }
      >
        <p id={`${id()}-error`} class="field-error">
          {own.error}
        </p>
      </Show>
    </div>
  );
}
