/**
 * Twilio's REST Calls resource as far as a live call goes: `POST /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}.json`
 * (update: `Twiml`, `Url`, `Status`) and `GET` of the same (fetch), answered the way Twilio
 * answers them: HTTP Basic auth with the account SID and auth token (20003 → 401), a form
 * body, the call resource's JSON (snake_case, RFC 2822 dates, `uri`), and Twilio's error
 * shape `{code, message, more_info, status}` — 20404 for a call it does not know, 21220 for
 * a redirect of a call that is not in progress, 21201/12100 for a bad update.
 *
 * The stand-in holds the calls the caller stand-in placed (`register`); an accepted update is
 * handed to that call (`onUpdate`), which follows the new TwiML as Twilio would.
 */
import type { Server } from 'bun';

export type CallResourceStatus =
  | 'queued'
  | 'ringing'
  | 'in-progress'
  | 'completed'
  | 'busy'
  | 'failed'
  | 'no-answer'
  | 'canceled';

export interface RestCall {
  sid: string;
  from: string;
  to: string;
  status: CallResourceStatus;
  startedAt: Date;
  endedAt?: Date;
  parentCallSid?: string;
  /** The call's TwiML was replaced (`twiml`), or it was ended through the API (`status`). */
  onUpdate?(update: {
    twiml?: string;
    url?: string;
    method?: string;
    status?: 'completed' | 'canceled';
  }): void;
}

export interface TwilioError {
  status: number;
  code: number;
  message: string;
}

export interface RestRequest {
  method: string;
  path: string;
  callSid: string | null;
  params: Record<string, string>;
}

export interface TwilioRestStandin {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  register(call: RestCall): void;
  get(callSid: string): RestCall | undefined;
  /** The next update of `callSid` fails with this error (a call Twilio refused to move). */
  failNextUpdate(callSid: string, error: TwilioError): void;
  /** Every request that reached the API, in order (authenticated or not). */
  readonly requests: RestRequest[];
  stop(): Promise<void>;
}

const rfc2822 = (d: Date | undefined) => (d ? d.toUTCString().replace('GMT', '+0000') : null);

function errorBody(e: TwilioError) {
  return Response.json(
    {
      code: e.code,
      message: e.message,
      more_info: `https://www.twilio.com/docs/errors/${e.code}`,
      status: e.status,
    },
    { status: e.status },
  );
}

export function callResource(accountSid: string, c: RestCall) {
  const uri = `/2010-04-01/Accounts/${accountSid}/Calls/${c.sid}.json`;
  const duration = c.endedAt ? Math.round((c.endedAt.getTime() - c.startedAt.getTime()) / 1000) : null;
  return {
    sid: c.sid,
    account_sid: accountSid,
    parent_call_sid: c.parentCallSid ?? null,
    date_created: rfc2822(c.startedAt),
    date_updated: rfc2822(new Date()),
    start_time: rfc2822(c.startedAt),
    end_time: rfc2822(c.endedAt),
    duration: duration === null ? null : String(duration),
    to: c.to,
    to_formatted: c.to,
    from: c.from,
    from_formatted: c.from,
    phone_number_sid: null,
    status: c.status,
    direction: c.parentCallSid ? 'outbound-dial' : 'inbound',
    answered_by: null,
    api_version: '2010-04-01',
    forwarded_from: null,
    group_sid: null,
    caller_name: null,
    queue_time: '0',
    trunk_sid: null,
    price: null,
    price_unit: 'USD',
    uri,
    subresource_uris: {
      notifications: uri.replace('.json', '/Notifications.json'),
      recordings: uri.replace('.json', '/Recordings.json'),
      events: uri.replace('.json', '/Events.json'),
    },
  };
}

const CALL_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Calls\/([^/]+)\.json$/;
const AUTH_FAILED: TwilioError = { status: 401, code: 20003, message: 'Authenticate' };

function authorised(req: Request, accountSid: string, authToken: string): boolean {
  const header = req.headers.get('authorization') ?? '';
  if (!header.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  return decoded === `${accountSid}:${authToken}`;
}

export async function startTwilioRestStandin(
  o: { accountSid?: string; authToken?: string; port?: number } = {},
): Promise<TwilioRestStandin> {
  const accountSid = o.accountSid ?? `AC${'5'.repeat(32)}`;
  const authToken = o.authToken ?? 'twilio-rest-standin-token';
  const calls = new Map<string, RestCall>();
  const faults = new Map<string, TwilioError>();
  const requests: RestRequest[] = [];

  async function handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const body = req.method === 'POST' ? await req.text() : '';
    const params = Object.fromEntries(new URLSearchParams(body));
    const m = CALL_PATH.exec(url.pathname);
    requests.push({ method: req.method, path: url.pathname, callSid: m?.[2] ?? null, params });
    if (!authorised(req, accountSid, authToken) || (m && m[1] !== accountSid)) return errorBody(AUTH_FAILED);
    const notFound: TwilioError = {
      status: 404,
      code: 20404,
      message: `The requested resource ${url.pathname} was not found`,
    };
    if (!m) return errorBody(notFound);
    const call = calls.get(m[2] as string);
    if (!call) return errorBody(notFound);
    if (req.method === 'GET') return Response.json(callResource(accountSid, call));
    if (req.method !== 'POST') return errorBody({ status: 405, code: 20004, message: 'Method not allowed' });
    const fault = faults.get(call.sid);
    if (fault) {
      faults.delete(call.sid);
      return errorBody(fault);
    }
    const { Twiml: twiml, Url: target, Method: method, Status: status } = params;
    if (status !== undefined) {
      if (status !== 'completed' && status !== 'canceled')
        return errorBody({ status: 400, code: 21218, message: `Invalid Status: ${status}` });
      if (call.status === 'in-progress' || call.status === 'ringing' || call.status === 'queued') {
        call.status = 'completed';
        call.endedAt = new Date();
        call.onUpdate?.({ status });
      }
      return Response.json(callResource(accountSid, call));
    }
    if (twiml === undefined && target === undefined)
      return errorBody({ status: 400, code: 21201, message: 'No valid parameters to update' });
    if (call.status !== 'in-progress')
      return errorBody({ status: 400, code: 21220, message: 'Call is not in-progress. Cannot redirect.' });
    if (
      twiml !== undefined &&
      !/^\s*(<\?xml[^>]*\?>\s*)?<Response\b[\s\S]*(<\/Response>|\/>)\s*$/.test(twiml)
    )
      return errorBody({ status: 400, code: 12100, message: 'Document parse failure' });
    call.onUpdate?.({ twiml, url: target, method });
    return Response.json(callResource(accountSid, call));
  }

  const server: Server<undefined> = Bun.serve({
    port: o.port ?? 0,
    hostname: '127.0.0.1',
    fetch: (req) =>
      handle(req).catch(() => errorBody({ status: 500, code: 20500, message: 'Internal Server Error' })),
  });
  return {
    baseUrl: `http://127.0.0.1:${server.port}`,
    accountSid,
    authToken,
    register: (call) => void calls.set(call.sid, call),
    get: (sid) => calls.get(sid),
    failNextUpdate: (sid, error) => void faults.set(sid, error),
    requests,
    stop: () => server.stop(true),
  };
}
