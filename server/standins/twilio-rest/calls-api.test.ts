/**
 * The Twilio REST stand-in answers as Twilio does, checked through the app's own client
 * (the `twilio` package at a configured base URL) and by raw HTTP where the shape matters.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createTwilioCallControl, TwilioRestError } from '../../calls/call-control.ts';
import { type RestCall, startTwilioRestStandin, type TwilioRestStandin } from './index.ts';

let rest: TwilioRestStandin;
beforeAll(async () => {
  rest = await startTwilioRestStandin();
});
afterAll(() => rest.stop());

const control = (authToken = rest.authToken) =>
  createTwilioCallControl({ accountSid: rest.accountSid, authToken, apiBaseUrl: rest.baseUrl });

function liveCall(sid: string, updates: Parameters<NonNullable<RestCall['onUpdate']>>[0][] = []): RestCall {
  const call: RestCall = {
    sid,
    from: '+972541234567',
    to: '+97235550111',
    status: 'in-progress',
    startedAt: new Date(),
    onUpdate: (u) => void updates.push(u),
  };
  rest.register(call);
  return call;
}

const TWIML = '<Response><Dial callerId="+972541234567"><Number>+972501234567</Number></Dial></Response>';

describe('Twilio REST stand-in: Calls', () => {
  test('an update with TwiML reaches the live call and answers the call resource', async () => {
    const updates: Parameters<NonNullable<RestCall['onUpdate']>>[0][] = [];
    liveCall('CA0000000000000000000000000000aa01', updates);
    await control().redirect('CA0000000000000000000000000000aa01', TWIML);
    expect(updates).toEqual([{ twiml: TWIML, url: undefined, method: undefined }]);
    const req = rest.requests.at(-1);
    expect(req).toMatchObject({ method: 'POST', params: { Twiml: TWIML } });
    const res = await fetch(
      `${rest.baseUrl}/2010-04-01/Accounts/${rest.accountSid}/Calls/CA0000000000000000000000000000aa01.json`,
      {
        headers: { Authorization: `Basic ${btoa(`${rest.accountSid}:${rest.authToken}`)}` },
      },
    );
    expect(await res.json()).toMatchObject({
      sid: 'CA0000000000000000000000000000aa01',
      account_sid: rest.accountSid,
      status: 'in-progress',
      direction: 'inbound',
      uri: `/2010-04-01/Accounts/${rest.accountSid}/Calls/CA0000000000000000000000000000aa01.json`,
    });
  });

  test('a wrong auth token is refused with 20003 and the call is not touched', async () => {
    const updates: Parameters<NonNullable<RestCall['onUpdate']>>[0][] = [];
    liveCall('CA0000000000000000000000000000aa02', updates);
    const err = await control('wrong')
      .redirect('CA0000000000000000000000000000aa02', TWIML)
      .catch((e) => e);
    expect(err).toBeInstanceOf(TwilioRestError);
    expect(err).toMatchObject({ code: 20003, status: 401 });
    expect(updates).toEqual([]);
  });

  test('redirecting a call that is not in progress is refused with 21220, an unknown call with 20404', async () => {
    const call = liveCall('CA0000000000000000000000000000aa03');
    call.status = 'completed';
    expect(
      await control()
        .redirect(call.sid, TWIML)
        .catch((e) => e),
    ).toMatchObject({ code: 21220, status: 400 });
    expect(
      await control()
        .redirect('CA00000000000000000000000000000404', TWIML)
        .catch((e) => e),
    ).toMatchObject({
      code: 20404,
      status: 404,
    });
  });

  test('malformed TwiML is refused (12100) and an injected fault is answered once', async () => {
    const updates: Parameters<NonNullable<RestCall['onUpdate']>>[0][] = [];
    liveCall('CA0000000000000000000000000000aa04', updates);
    expect(
      await control()
        .redirect('CA0000000000000000000000000000aa04', '<Dial>')
        .catch((e) => e),
    ).toMatchObject({
      code: 12100,
    });
    rest.failNextUpdate('CA0000000000000000000000000000aa04', { status: 400, code: 21220, message: 'busy' });
    expect(
      await control()
        .redirect('CA0000000000000000000000000000aa04', TWIML)
        .catch((e) => e),
    ).toMatchObject({
      code: 21220,
    });
    await control().redirect('CA0000000000000000000000000000aa04', TWIML);
    expect(updates).toHaveLength(1);
  });

  test('hanging up through the API completes the call and tells it', async () => {
    const updates: Parameters<NonNullable<RestCall['onUpdate']>>[0][] = [];
    const call = liveCall('CA0000000000000000000000000000aa05', updates);
    expect(await control().hangUp(call.sid)).toBe('ended');
    expect(call.status).toBe('completed');
    expect(updates).toEqual([{ status: 'completed' }]);
  });
});
