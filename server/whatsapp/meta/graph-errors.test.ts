import { describe, expect, test } from 'bun:test';
import { classifyGraphFailure, graphSendError } from './graph-errors.ts';

describe('classifyGraphFailure', () => {
  const cases: Array<[string, number, number | undefined, string]> = [
    ['an expired or invalid token', 401, 190, 'disconnected'],
    ['token error 190 whatever the status', 400, 190, 'disconnected'],
    ['any 401, even without a code', 401, undefined, 'disconnected'],
    ['permission denied', 403, 10, 'disconnected'],
    ['an API permission error in 200-299', 403, 200, 'disconnected'],
    ["the business's number no longer registered", 400, 133010, 'disconnected'],
    ['outside the 24-hour window', 400, 131047, 'permanent'],
    ['an undeliverable customer', 400, 131026, 'permanent'],
    ['an unsupported message type', 400, 131051, 'permanent'],
    ['an invalid parameter', 400, 100, 'permanent'],
    ['a template parameter mismatch', 400, 132000, 'permanent'],
    ['a template that does not exist', 404, 132001, 'permanent'],
    ['a template text too long', 400, 132005, 'permanent'],
    ['a template format violation', 400, 132007, 'permanent'],
    ['a template parameter format mismatch', 400, 132012, 'permanent'],
    ['the app rate limit', 400, 4, 'retry'],
    ['the account rate limit', 400, 80007, 'retry'],
    ['the Cloud API throughput limit', 400, 130429, 'retry'],
    ['the spam rate limit', 400, 131048, 'retry'],
    ['the per-customer rate limit', 400, 131056, 'retry'],
    ['something went wrong', 500, 131000, 'retry'],
    ['an unknown API error', 400, 1, 'retry'],
    ['the service being down', 503, 2, 'retry'],
    ['an unknown code on a 5xx', 502, 999, 'retry'],
    ['a 5xx without a body', 504, undefined, 'retry'],
    ['an HTTP 429 without a known code', 429, undefined, 'retry'],
    ['an unknown code on a 4xx', 400, 131009, 'permanent'],
    ['a 4xx without a body', 404, undefined, 'permanent'],
  ];
  for (const [what, status, code, failure] of cases)
    test(`${what} (HTTP ${status}, code ${code ?? 'none'}) → ${failure}`, () => {
      expect(classifyGraphFailure(status, code)).toBe(failure as never);
    });
});

describe('graphSendError', () => {
  test("carries Graph's code, message and details", () => {
    const err = graphSendError(
      400,
      {
        error: {
          message: '(#131047) Re-engagement message',
          type: 'OAuthException',
          code: 131047,
          error_data: { messaging_product: 'whatsapp', details: 'more than 24 hours have passed' },
          fbtrace_id: 'Az8or2yhqkZfEZ-_4Qn_Bam',
        },
      },
      'EAAG-secret',
    );
    expect(err.failure).toBe('permanent');
    expect(err.code).toBe(131047);
    expect(err.message).toContain('(#131047) Re-engagement message');
    expect(err.message).toContain('more than 24 hours have passed');
  });

  test('never carries the access token, even when Graph echoes it', () => {
    const err = graphSendError(
      400,
      { error: { message: 'Malformed access token EAAG-secret-123', code: 190 } },
      'EAAG-secret-123',
    );
    expect(err.failure).toBe('disconnected');
    expect(err.message).not.toContain('EAAG-secret-123');
  });

  test('falls back to the HTTP status when the body is not Graph’s', () => {
    const err = graphSendError(502, '<html>Bad gateway</html>', 't');
    expect(err.failure).toBe('retry');
    expect(err.code).toBeUndefined();
    expect(err.message).toContain('502');
  });
});
