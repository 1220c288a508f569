/**
 * Field schemas shared by routes, so a body's every problem is found by one parse and
 * answered at once (a phone checked later, in a service, would only be reported after
 * the other fields were fixed).
 */
import { z } from 'zod';
import { toE164 } from '../lib/phone';

/** A phone as people type it ("050-123-4567", "+972 3 555 0100"); services store its E.164. */
export const phoneField = z
  .string()
  .trim()
  .min(3)
  .max(40)
  .refine((s) => toE164(s) !== null, 'is not a valid phone number');
