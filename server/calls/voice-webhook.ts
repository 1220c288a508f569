/**
 * `POST /twilio/voice`: Twilio asks what to do with an incoming call. The signature is checked
 * before anything else (a forged request gets 403 and touches nothing); then the called number
 * picks the business, and the answer connects the call to our media stream with a one-time
 * token bound to the CallSid.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../http/env';
import { toE164 } from '../lib/phone';
import type { FindBusinessByNumber } from './business-lookup.ts';
import type { CallTokens } from './call-token.ts';
import { isTwilioSignatureValid, publicRequestUrl, publicStreamUrl } from './twilio-signature.ts';
import { connectStreamTwiml, rejectTwiml } from './twiml.ts';

export interface VoiceWebhookDeps {
  authToken: string;
  publicBaseUrl: string;
  findBusiness: FindBusinessByNumber;
  tokens: CallTokens;
}

const xml = (c: Context<AppEnv>, body: string) =>
  c.body(body, 200, { 'Content-Type': 'text/xml; charset=utf-8' });

export function voiceWebhook(deps: VoiceWebhookDeps) {
  const streamUrl = publicStreamUrl(deps.publicBaseUrl);
  return async function twilioVoice(c: Context<AppEnv>): Promise<Response> {
    const params = Object.fromEntries(new URLSearchParams(await c.req.text()));
    const url = publicRequestUrl(deps.publicBaseUrl, c.req.url);
    if (!isTwilioSignatureValid(deps.authToken, c.req.header('x-twilio-signature'), url, params)) {
      c.var.log.warn({ url }, 'twilio voice webhook: bad or missing signature');
      return c.text('Forbidden', 403);
    }
    const callSid = params.CallSid ?? '';
    const to = toE164(params.To ?? '');
    const business = to === null ? null : await deps.findBusiness(to);
    if (!callSid || business === null || business.status !== 'active') {
      c.var.log.info(
        { callSid, to: params.To, business: business?.id ?? null, status: business?.status ?? null },
        'twilio voice webhook: call rejected',
      );
      return xml(c, rejectTwiml());
    }
    const callToken = deps.tokens.issue({
      callSid,
      businessId: business.id,
      businessName: business.name,
      from: params.From ?? '',
      to: to ?? '',
      receivedAt: Date.now(),
    });
    c.var.log.info({ callSid, businessId: business.id }, 'twilio voice webhook: connecting the call');
    return xml(c, connectStreamTwiml(streamUrl, { businessId: business.id, callToken }));
  };
}
