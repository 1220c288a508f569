import { type FormInput, text } from '../../forms';
import type { AssistantProfile } from './data';
import type { Persona, Voice } from './labels';

/** The text fields of the profile form, in form order (voice and persona are chosen, not typed). */
export const PROFILE_TEXT_FIELDS = [
  'assistantName',
  'introduction',
  'greeting',
  'address',
  'hoursText',
  'services',
  'prices',
] as const satisfies readonly (keyof AssistantProfile)[];

/**
 * The whole profile as the form holds it, trimmed. The server validates every value
 * (an unknown voice is refused there), so nothing is second-guessed here.
 */
export function profileFromForm(form: FormInput): AssistantProfile {
  const fields = Object.fromEntries(PROFILE_TEXT_FIELDS.map((name) => [name, text(form, name)])) as Pick<
    AssistantProfile,
    (typeof PROFILE_TEXT_FIELDS)[number]
  >;
  return {
    ...fields,
    voice: text(form, 'voice') as Voice,
    persona: text(form, 'persona') as Persona,
    language: 'he',
  };
}
