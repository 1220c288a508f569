import { createSignal, type JSX } from 'solid-js';
import { errorMessage } from '../errors';
import { ConfirmDialog } from './ConfirmDialog';

/**
 * A button for an action with consequences (suspend, disable, delete): it asks first, in a
 * dialog that names what will happen, and runs `action` only on yes. `when` false skips the
 * question (the harmless direction of a toggle: activating again).
 */
export function Confirmed(props: {
  id: string;
  label: string;
  ariaLabel?: string;
  class: string;
  disabled?: boolean;
  title: string;
  confirmLabel: string;
  children: JSX.Element;
  when?: boolean;
  action: () => Promise<unknown>;
  /** The sentence for a failure (default: the generic one for its code). */
  describeError?: (failure: unknown) => string;
}) {
  const [open, setOpen] = createSignal(false);
  const [pending, setPending] = createSignal(false);
  const [error, setError] = createSignal<string>();
  async function run() {
    setPending(true);
    setError(undefined);
    try {
      await props.action();
      setOpen(false);
    } catch (failure) {
      setError((props.describeError ?? errorMessage)(failure));
    } finally {
      setPending(false);
    }
  }
  return (
    <>
      <button
        type="button"
        class={props.class}
        disabled={props.disabled || pending()}
        aria-label={props.ariaLabel}
        onClick={() => (props.when === false ? run() : setOpen(true))}
      >
        {props.label}
      </button>
      <ConfirmDialog
        id={props.id}
        open={open()}
        title={props.title}
        confirmLabel={props.confirmLabel}
        pending={pending()}
        danger
        error={error()}
        onCancel={() => setOpen(false)}
        onConfirm={run}
      >
        {props.children}
      </ConfirmDialog>
    </>
  );
}
