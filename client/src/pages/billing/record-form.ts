import { type FormInput, text } from '../../forms';
import { parseShekels } from './money';

/** How an input behaves: `shekels` is typed as shekels and sent as integer agorot. */
export type FieldKind = 'text' | 'date' | 'url' | 'shekels';

export interface FieldSpec {
  /** The key of the request body as the server validates it (server/billing/routes.ts). */
  name: string;
  label: string;
  kind: FieldKind;
  /** Completes the element id after the record kind's key: `payment-due`. */
  id: string;
  /** Always sent, even empty, so the server's own refusal reaches the field. */
  required?: boolean;
  maxLength?: number;
  /** Shown beside the field when the server refuses its value. */
  refused?: string;
}

export type RecordInput = Record<string, string | number>;

export const SHEKELS_INVALID = 'יש להזין סכום חיובי בשקלים, עד שתי ספרות אחרי הנקודה.';

/**
 * A record form's body: optional fields left empty are not sent, shekels become agorot, the
 * picked lead is `leadId`. Amounts that are not money are refused here, before any request.
 */
export function readRecordForm(
  fields: readonly FieldSpec[],
  form: FormInput,
): { input: RecordInput } | { errors: Record<string, string> } {
  const input: RecordInput = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const value = text(form, field.name);
    if (field.kind === 'shekels') {
      const agorot = parseShekels(value);
      if (agorot === null) errors[field.name] = SHEKELS_INVALID;
      else input[field.name] = agorot;
    } else if (value || field.required) {
      input[field.name] = value;
    }
  }
  const leadId = text(form, 'leadId');
  if (leadId) input.leadId = leadId;
  return Object.keys(errors).length ? { errors } : { input };
}
