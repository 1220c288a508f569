import { createSignal } from 'solid-js';
import { accountErrors, type FormErrors } from './messages';

/** An account form's state: its errors and whether it is being sent; `run` sends it and keeps both right. */
export function createAccountSubmit(initial: FormErrors = { fields: {} }) {
  const [errors, setErrors] = createSignal<FormErrors>(initial);
  const [pending, setPending] = createSignal(false);
  async function run(work: () => Promise<void>): Promise<void> {
    setPending(true);
    try {
      await work();
      setErrors({ fields: {} });
    } catch (error) {
      setErrors(accountErrors(error));
    } finally {
      setPending(false);
    }
  }
  return { errors, setErrors, pending, run };
}
