/** What a solid-router form action receives: FormData, or URLSearchParams for urlencoded forms. */
export type FormInput = FormData | URLSearchParams;

/** A trimmed text value of a form field ('' when absent). */
export function text(form: FormInput, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
}
