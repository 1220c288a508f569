/**
 * What a Graph API failure means for the message in hand. Meta asks clients to decide by the
 * error `code` (titles in the message change); the HTTP status decides only when no code is
 * known.
 */
import { z } from 'zod';
import { type SendFailure, WhatsAppSendError } from '../transport.ts';

export const GraphErrorSchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string().optional(),
    code: z.number().int(),
    error_subcode: z.number().int().optional(),
    error_data: z.looseObject({ details: z.string().optional() }).optional(),
    fbtrace_id: z.string().optional(),
  }),
});

/** The token is invalid or expired, or lacks the permission: the business must re-link. */
const DISCONNECTED = new Set([
  190, // invalid or expired access token
  10, // permission denied (and 200-299, below)
  133010, // the business's own number is no longer registered on the Cloud API
]);
/** This message can never go as it is. */
const PERMANENT = new Set([
  100, // invalid parameter
  131026, // undeliverable to this customer
  131047, // outside the 24-hour window: free text needs a template
  131051, // unsupported message type
  132000, // template parameter count mismatch
  132001, // template does not exist in this language
  132005, // template text too long after substitution
  132007, // template format policy violated
  132012, // template parameter format mismatch
]);
/** Rate limits and Meta-side trouble: the same request may well succeed later. */
const RETRY = new Set([
  1, // unknown API error
  2, // API service down or overloaded
  4, // app-level rate limit
  80007, // WhatsApp Business Account rate limit
  130429, // Cloud API throughput reached
  131000, // something went wrong
  131048, // spam rate limit
  131056, // too many messages to this customer in a short time
]);

/** Graph's permission errors span 200–299. */
const isPermission = (code: number) => code >= 200 && code <= 299;

export function classifyGraphFailure(httpStatus: number, code?: number): SendFailure {
  if (httpStatus === 401) return 'disconnected';
  if (code !== undefined) {
    if (DISCONNECTED.has(code) || isPermission(code)) return 'disconnected';
    if (PERMANENT.has(code)) return 'permanent';
    if (RETRY.has(code)) return 'retry';
  }
  if (httpStatus >= 500 || httpStatus === 429) return 'retry';
  if (httpStatus >= 400) return 'permanent';
  return 'retry';
}

/**
 * The error for a non-2xx Graph answer: Graph's code and message (and details) when the body
 * is Graph's envelope, the HTTP status otherwise. The access token is scrubbed, should any
 * part of the answer echo it.
 */
export function graphSendError(httpStatus: number, body: unknown, accessToken: string): WhatsAppSendError {
  const parsed = GraphErrorSchema.safeParse(body);
  if (!parsed.success)
    return new WhatsAppSendError(`Graph API answered HTTP ${httpStatus}`, classifyGraphFailure(httpStatus));
  const { code, message, error_data } = parsed.data.error;
  const details = error_data?.details ? ` (${error_data.details})` : '';
  const text = `Graph API error ${code} (HTTP ${httpStatus}): ${message}${details}`;
  return new WhatsAppSendError(
    accessToken ? text.replaceAll(accessToken, '[token]') : text,
    classifyGraphFailure(httpStatus, code),
    code,
  );
}
