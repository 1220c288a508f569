import { type FormInput, text } from '../../forms';
import type { FaqInput } from './data';
import { CHANNELS } from './labels';

/**
 * An FAQ entry as its form holds it. Only known channels are kept; none checked is sent
 * as none, so the server's "at least one channel" message reaches the user.
 */
export function faqFromForm(form: FormInput): FaqInput {
  const checked = new Set(form.getAll('channels').map(String));
  return {
    question: text(form, 'question'),
    answer: text(form, 'answer'),
    channels: CHANNELS.filter((channel) => checked.has(channel)),
  };
}
