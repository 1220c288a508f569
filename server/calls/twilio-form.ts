/**
 * Reading a request Twilio signed: the form body, checked against `X-Twilio-Signature` over
 * the public URL (query included) before anything else. Every Twilio callback route (voice,
 * status, transfer) starts with it.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../http/env';
import { isTwilioSignatureValid, publicRequestUrl } from './twilio-signature.ts';

export interface TwilioSigning {
  authToken: string;
  publicBaseUrl: string;
}

/** The POST parameters, or null when the signature is missing or wrong (logged with `what`). */
export async function signedTwilioForm(
  c: Context<AppEnv>,
  signing: TwilioSigning,
  what: string,
): Promise<Record<string, string> | null> {
  const params = Object.fromEntries(new URLSearchParams(await c.req.text()));
  const url = publicRequestUrl(signing.publicBaseUrl, c.req.url);
  if (!isTwilioSignatureValid(signing.authToken, c.req.header('x-twilio-signature'), url, params)) {
    c.var.log.warn({ url }, `${what}: bad or missing signature`);
    return null;
  }
  return params;
}

export const twimlResponse = (c: Context<AppEnv>, body: string) =>
  c.body(body, 200, { 'Content-Type': 'text/xml; charset=utf-8' });
