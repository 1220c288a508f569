import { Field } from '../../ui/Field';

/** A password input of the account forms: left to right, required, its error from the form's errors. */
export function PasswordField(props: {
  label: string;
  name: string;
  id: string;
  autocomplete: 'current-password' | 'new-password';
  errors: Record<string, string>;
  disabled?: boolean;
}) {
  return (
    <Field
      label={props.label}
      name={props.name}
      id={props.id}
      type="password"
      dir="ltr"
      autocomplete={props.autocomplete}
      required
      disabled={props.disabled}
      error={props.errors[props.name]}
    />
  );
}
