import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

/** E.164 form of a phone number (Israeli by default), or null when it is not a valid number. */
export function toE164(input: string, defaultCountry: CountryCode = 'IL'): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry);
  return parsed?.isValid() ? parsed.number : null;
}
