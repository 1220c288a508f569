/**
 * `X-Twilio-Signature` checks. Behind TLS termination the server sees `http://` and its own
 * host, so both the webhook and the stream upgrade are verified against the configured
 * public URL, never the request's. Validation is the `twilio` package's own, which accepts
 * the URL with and without the default port as Twilio may sign either.
 */
import twilio from 'twilio';

export const STREAM_PATH = '/ws/twilio';
export const VOICE_PATH = '/twilio/voice';

/** The public URL Twilio called: `publicBaseUrl` + the request's path and query. */
export function publicRequestUrl(publicBaseUrl: string, requestUrl: string): string {
  const url = new URL(requestUrl);
  return `${publicBaseUrl.replace(/\/+$/, '')}${url.pathname}${url.search}`;
}

/** `wss://<public host>/ws/twilio`: the stream URL in our TwiML is this + `/<call token>`, and what its upgrade is signed over. */
export function publicStreamUrl(publicBaseUrl: string): string {
  const base = new URL(publicBaseUrl);
  return `wss://${base.host}${base.pathname.replace(/\/+$/, '')}${STREAM_PATH}`;
}

/** True when `signature` is Twilio's over `url` and the POST `params`. Never throws. */
export function isTwilioSignatureValid(
  authToken: string,
  signature: string | null | undefined,
  url: string,
  params: Record<string, string>,
): boolean {
  if (!signature) return false;
  try {
    return twilio.validateRequest(authToken, signature, url, params);
  } catch {
    return false;
  }
}
