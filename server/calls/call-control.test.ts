import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Server } from 'bun';
import { rejected } from '../test/settle';
import { createTwilioCallControl } from './call-control.ts';

const ACCOUNT = `AC${'1'.repeat(32)}`;
const requests: Array<{ path: string; auth: string; body: Record<string, string> }> = [];
let twilio: Server<undefined>;

/** Twilio's REST API as far as ending a call goes: CA…gone answers 404 with code 20404. */
beforeAll(() => {
  twilio = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(req) {
      const url = new URL(req.url);
      const body = Object.fromEntries(new URLSearchParams(await req.text()));
      requests.push({ path: url.pathname, auth: req.headers.get('authorization') ?? '', body });
      if (url.pathname.includes('CAgone'))
        return Response.json({ code: 20404, message: 'not found', status: 404 }, { status: 404 });
      if (url.pathname.includes('CAbroken'))
        return Response.json({ code: 20500, message: 'internal', status: 500 }, { status: 500 });
      return Response.json({
        sid: url.pathname.split('/').at(-1)?.replace('.json', ''),
        status: 'completed',
      });
    },
  });
});
afterAll(() => twilio.stop(true));

describe('Twilio call control', () => {
  const control = () =>
    createTwilioCallControl({
      accountSid: ACCOUNT,
      authToken: 'secret',
      apiBaseUrl: `http://127.0.0.1:${twilio.port}`,
    });

  test('hangs up a call with status=completed, signed with the account credentials, at the configured URL', async () => {
    requests.length = 0;
    expect(await control().hangUp('CAlive')).toBe('ended');
    expect(requests).toEqual([
      {
        path: `/2010-04-01/Accounts/${ACCOUNT}/Calls/CAlive.json`,
        auth: `Basic ${Buffer.from(`${ACCOUNT}:secret`).toString('base64')}`,
        body: { Status: 'completed' },
      },
    ]);
  });

  test('a call Twilio no longer knows (20404) counts as already ended; other errors are thrown', async () => {
    expect(await control().hangUp('CAgone')).toBe('gone');
    expect(await rejected(control().hangUp('CAbroken'))).toThrow();
  });

  test('an apology is spoken in Hebrew by TwiML, escaped, before hanging up', async () => {
    requests.length = 0;
    await control().sayAndHangUp('CAlive', 'סליחה <תקלה> & שלום');
    expect(requests[0]?.body.Twiml).toBe(
      '<Response><Say language="he-IL">סליחה &#60;תקלה&#62; &#38; שלום</Say><Hangup/></Response>',
    );
  });
});
