/**
 * `POST /twilio/voice`: Twilio asks what to do with an incoming call. The signature is checked
 * before anything else (a forged request gets 403 and touches nothing); then the called number
 * picks the business, and the answer connects the call to our media stream at a URL whose
 * path carries the call's one-time token (call-token.ts). A webhook replayed for a CallSid
 * whose call is live or over gets `<Reject/>` and changes nothing.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../http/env';
import { toE164 } from '../lib/phone';
import type { FindBusinessByNumber } from './business-lookup.ts';
import type { CallTokens } from './call-token.ts';
import type { RingingCall } from './lifecycle/ringing.ts';
import { isTwilioSignatureValid, publicRequestUrl, publicStreamUrl } from './twilio-signature.ts';
import { connectStreamTwiml, rejectTwiml } from './twiml.ts';
import type { WarmCall } from './warm/warm-sessions.ts';

export interface VoiceWebhookDeps {
  authToken: string;
  publicBaseUrl: string;
  findBusiness: FindBusinessByNumber;
  tokens: CallTokens;
  /**
   * Writes the call's row and its `ringing`. Awaited for at most `RINGING_WRITE_MS`: Twilio's
   * status callback then finds the call even when the stream never starts, and a slow
   * database still never holds the answer longer than that. Never rejects.
   */
  ringing?(call: RingingCall): Promise<void>;
  /** Opens the call's upstream session now (warm start), for the stream to adopt. Never throws. */
  warm?(call: WarmCall): void;
}

export const RINGING_WRITE_MS = 500;

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
    const issued = await deps.tokens.issue({
      callId: crypto.randomUUID(),
      callSid,
      businessId: business.id,
      businessName: business.name,
      from: params.From ?? '',
      to: to ?? '',
      receivedAt: Date.now(),
    });
    if (!issued.ok) {
      c.var.log.warn(
        { callSid, businessId: business.id, reason: issued.reason },
        'twilio voice webhook: refused',
      );
      return xml(c, rejectTwiml());
    }
    const { businessName, ...call } = issued.call;
    // The model's session opens while the row is written and Twilio opens the stream.
    deps.warm?.({ callSid, businessId: business.id, businessName });
    if (deps.ringing) {
      let timer: Timer | undefined;
      await Promise.race([
        deps.ringing({ ...call, receivedAt: new Date(call.receivedAt) }),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, RINGING_WRITE_MS);
        }),
      ]);
      clearTimeout(timer);
    }
    c.var.log.info(
      { callSid, businessId: business.id, repeated: issued.repeated },
      'twilio voice webhook: connecting the call',
    );
    return xml(c, connectStreamTwiml(`${streamUrl}/${issued.token}`, { businessId: business.id }));
  };
}
