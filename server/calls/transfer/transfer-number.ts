/**
 * The number a transfer dials. Saved only as a valid E.164 number (libphonenumber-js): an
 * Israeli number may be typed nationally ("050-123-4567") and is stored as "+972501234567";
 * anything that is not a real number is refused when saved, never discovered mid-call.
 */
import { z } from 'zod';
import { toE164 } from '../../lib/phone';

export const transferNumberBody = z
  .string()
  .trim()
  .max(32)
  .transform((value, ctx) => {
    const e164 = toE164(value);
    if (e164 === null) {
      ctx.addIssue({ code: 'custom', message: 'not a valid phone number (E.164)' });
      return z.NEVER;
    }
    return e164;
  });
