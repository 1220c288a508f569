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
  /**
   * Replaces the call's TwiML (a transfer's `<Dial>`): the media stream ends and Twilio runs
   * `twiml`. Rejects with a `TwilioRestError` when Twilio refuses (21220: the call is not in
   * progress; 20404: gone).
   */
  redirect(callSid: string, twiml: string): Promise<void>;
}

/** Twilio refused a REST request: its error code (21220, 20404, ...) and HTTP status. */
export class TwilioRestError extends Error {
  constructor(
    readonly code: number,
    readonly status: number,
    message: string,
  ) {
    super(`twilio ${code}: ${message}`);
    this.name = 'TwilioRestError';
  }
}

function asRestError(err: unknown): unknown {
  const e = err as { code?: unknown; status?: unknown; message?: unknown };
  return typeof e?.code === 'number' && typeof e.status === 'number'
    ? new TwilioRestError(e.code, e.status, String(e.message ?? ''))
    : err;
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
    async redirect(callSid, twiml) {
      try {
        await client.calls(callSid).update({ twiml });
      } catch (err) {
        throw asRestError(err);
      }
    },
    hangUp: (callSid) => update(callSid, { status: 'completed' }),
    sayAndHangUp: (callSid, text) =>
      update(callSid, {
        twiml: `<Response><Say language="he-IL">${escapeXml(text)}</Say><Hangup/></Response>`,
      }),
  };
}
