import { type JSX, Show, splitProps } from 'solid-js';

type TextAreaFieldProps = JSX.TextareaHTMLAttributes<HTMLTextAreaElement> & {
  label: string;
  name: string;
  error?: string;
  hint?: string;
};

/** A labelled right-to-left textarea; its error or hint is tied to it through aria-describedby. */
export function TextAreaField(props: TextAreaFieldProps) {
  const [own, area] = splitProps(props, ['label', 'error', 'hint', 'class']);
  const id = () => area.id ?? `field-${area.name}`;
  const describedBy = () => (own.error ? `${id()}-error` : own.hint ? `${id()}-hint` : undefined);
  return (
    <div class={own.class}>
      <label for={id()} class="label">
        {own.label}
      </label>
      <textarea
        dir="rtl"
        rows={3}
        {...area}
        id={id()}
        class="input resize-y leading-relaxed"
        aria-invalid={own.error ? 'true' : undefined}
        aria-describedby={describedBy()}
      />
      <Show
        when={own.error}
        fallback={
          <Show when={own.hint}>
            <p id={`${id()}-hint`} class="mt-1.5 text-xs text-slate-500">
              {own.hint}
            </p>
          </Show>
        }
      >
        <p id={`${id()}-error`} class="field-error">
          {own.error}
        </p>
      </Show>
    </div>
  );
}
