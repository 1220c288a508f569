import twilio from 'twilio';

/**
 * Twilio's `X-Twilio-Signature`: base64 HMAC-SHA1 of the full public URL followed by the
 * sorted POST parameters, keyed with the account's auth token. Computed with the twilio
 * package itself so the stand-in signs exactly as Twilio's own SDK validates.
 */
export function signWebhook(authToken: string, publicUrl: string, params: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(authToken, publicUrl, params);
}

/** The WebSocket upgrade is signed like a webhook over the `wss://` URL with no parameters. */
export function signUpgrade(authToken: string, publicWssUrl: string): string {
  return twilio.getExpectedTwilioSignature(authToken, publicWssUrl, {});
}

/** Joins a base URL and a path without doubling or dropping the slash. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/**
 * Where Twilio's connection to the public `wss://` URL actually lands in a test: the same
 * path on the local server (`ws://127.0.0.1:PORT`), as a TLS-terminating proxy would.
 */
export function toLocalWsUrl(publicWssUrl: string, localWsBase: string): string {
  const from = new URL(publicWssUrl);
  const base = new URL(localWsBase);
  const basePath = base.pathname.replace(/\/+$/, '');
  return `${base.protocol}//${base.host}${basePath}${from.pathname}${from.search}`;
}

export interface VoiceWebhookParams extends Record<string, string> {
  CallSid: string;
  AccountSid: string;
  From: string;
  To: string;
  Direction: string;
  CallStatus: string;
}

/** The form Twilio posts when a call comes in (the fields this app reads, plus the usual companions). */
export function inboundCallParams(p: {
  callSid: string;
  accountSid: string;
  from: string;
  to: string;
}): VoiceWebhookParams {
  return {
    AccountSid: p.accountSid,
    ApiVersion: '2010-04-01',
    CallSid: p.callSid,
    CallStatus: 'ringing',
    Called: p.to,
    Caller: p.from,
    Direction: 'inbound',
    From: p.from,
    To: p.to,
  };
}

/** Twilio-shaped ids: two letters and 32 hex digits. */
export function twilioSid(prefix: 'CA' | 'AC' | 'MZ'): string {
  return `${prefix}${crypto.randomUUID().replaceAll('-', '')}`;
}

/**
 * A status callback's form: the call's usual fields plus what Twilio adds to call progress
 * events (CallbackSource, SequenceNumber, an RFC 2822 Timestamp, CallDuration when it ended).
 */
export function statusCallbackParams(p: {
  callSid: string;
  accountSid: string;
  from: string;
  to: string;
  status: string;
  sequenceNumber: number;
  at: Date;
  durationSeconds?: number;
  parentCallSid?: string;
}): Record<string, string> {
  const params: Record<string, string> = {
    ...inboundCallParams(p),
    CallStatus: p.status,
    CallbackSource: 'call-progress-events',
    SequenceNumber: String(p.sequenceNumber),
    Timestamp: p.at.toUTCString().replace('GMT', '+0000'),
  };
  if (p.durationSeconds !== undefined) {
    params.CallDuration = String(p.durationSeconds);
    params.Duration = String(Math.ceil(p.durationSeconds / 60));
  }
  if (p.parentCallSid) {
    params.ParentCallSid = p.parentCallSid;
    params.Direction = 'outbound-dial';
  }
  return params;
}
