import { randomBytes } from 'node:crypto';

/** The HTTP status Graph answers a given error code with, when a test does not say. */
export function defaultStatusOf(code: number): number {
  if (code === 190) return 401;
  if (code === 10 || (code >= 200 && code <= 299)) return 403;
  if (code === 132001) return 404;
  if (code === 1 || code === 131000) return 500;
  if (code === 2) return 503;
  return 400;
}

/**
 * Graph's error envelope, as the Cloud API sends it: the message leads with "(#code)"
 * (except OAuth's own 190), `details` sits under error_data, and every error has a trace id.
 */
export function graphError(
  status: number,
  code: number,
  message: string,
  extra: { details?: string; subcode?: number } = {},
): Response {
  return Response.json(
    {
      error: {
        message,
        type: 'OAuthException',
        code,
        ...(extra.details === undefined
          ? {}
          : { error_data: { messaging_product: 'whatsapp', details: extra.details } }),
        ...(extra.subcode === undefined ? {} : { error_subcode: extra.subcode }),
        fbtrace_id: randomBytes(12).toString('base64url'),
      },
    },
    { status },
  );
}

export const invalidToken = () =>
  graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token');

/** What Graph says for an id that does not exist or that the token may not touch. */
export const unsupportedRequest = (method: string, id: string) =>
  graphError(
    400,
    100,
    `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
    { subcode: 33 },
  );

export const invalidParameter = (problem: string) =>
  graphError(400, 100, `(#100) Invalid parameter: ${problem}`, { details: problem });
