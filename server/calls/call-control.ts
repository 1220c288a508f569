/**
 * Controlling a live call through Twilio's REST API (the `twilio` package), behind a small
 * port: the relay only ever asks to hang up, or to say a short apology and hang up when the
 * assistant can no longer answer. `apiBaseUrl` replaces `https://api.twilio.com` so a test
 * (or a regional proxy) can stand in for Twilio.
 */
import twilio from 'twilio';

export interface CallControl {
  /** Ends the call. Resolves `gone` when Twilio says it already ended (error 20404). */
  hangUp(callSid: string): Promise<'ended' | 'gone'>;
  /** Replaces the call's TwiML with a spoken Hebrew message and a hang-up. */
  sayAndHangUp(callSid: string, text: string): Promise<'ended' | 'gone'>;
}

export interface TwilioCallControlOptions {
  accountSid: string;
  authToken: string;
  /** Default `https://api.twilio.com`. */
  apiBaseUrl?: string;
  timeoutMs?: number;
}

const TWILIO_API = 'https://api.twilio.com';
const ALREADY_GONE = 20404;

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function createTwilioCallControl(o: TwilioCallControlOptions): CallControl {
  const base = (o.apiBaseUrl ?? TWILIO_API).replace(/\/+$/, '');
  const inner = new twilio.RequestClient({ timeout: o.timeoutMs ?? 5000 });
  // The package builds absolute api.twilio.com URLs; this client sends them to `base` instead.
  const httpClient = {
    request: (req: Parameters<typeof inner.request>[0]) =>
      inner.request({ ...req, uri: req.uri.replace(TWILIO_API, base) }),
  } as unknown as typeof inner;
  const client = twilio(o.accountSid, o.authToken, { httpClient });

  async function update(callSid: string, params: { status?: 'completed'; twiml?: string }) {
    try {
      await client.calls(callSid).update(params);
      return 'ended' as const;
    } catch (err) {
      if ((err as { code?: number }).code === ALREADY_GONE) return 'gone' as const;
      throw err;
    }
  }

  return {
    hangUp: (callSid) => update(callSid, { status: 'completed' }),
    sayAndHangUp: (callSid, text) =>
      update(callSid, {
        twiml: `<Response><Say language="he-IL">${escapeXml(text)}</Say><Hangup/></Response>`,
      }),
  };
}
