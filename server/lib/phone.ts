import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

/** E.164 form of a phone number (Israeli by default), or null when it is not a valid number. */
export function toE164(input: string, defaultCountry: CountryCode = 'IL'): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry);
  return parsed?.isValid() ? parsed.number : null;
}

/**
 * How a person reads a stored (E.164) number: Israeli numbers in national format
 * ("050-123-4567", "03-555-0100"), others internationally ("+1 212 555 0100"); anything
 * that does not parse is returned as it is. Pure; the dashboard uses it too.
 */
export function displayPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === 'IL' ? parsed.formatNational() : parsed.formatInternational();
}

/** wa.me wants the international number in digits only. */
export function whatsappUrl(e164: string): string {
  return `https://wa.me/${e164.replace(/\D/g, '')}`;
}
