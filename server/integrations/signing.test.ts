import { expect, test } from 'bun:test';
import { newWebhookSecret, signature, signedHeaders, verifySignature } from './signing';

test("matches the Standard Webhooks specification's published example", () => {
  // From the spec's reference implementations (standard-webhooks/standard-webhooks, libraries' tests).
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const timestamp = 1614265330;
  const body = '{"test": 2432232314}';
  expect(signature(secret, id, timestamp, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
});

test('a receiver accepts its own signature and refuses a changed body, another secret or an old timestamp', () => {
  const secret = newWebhookSecret();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
  const body = JSON.stringify({ type: 'lead.created', data: { phone: '+972501234567' } });
  const h = signedHeaders(secret, 'd-1', 1_700_000_000, body);
  const headers = {
    id: h['webhook-id'] ?? '',
    timestamp: h['webhook-timestamp'] ?? '',
    signature: h['webhook-signature'] ?? '',
  };
  expect(verifySignature(secret, headers, body, 1_700_000_010)).toBe(true);
  expect(verifySignature(secret, headers, `${body} `, 1_700_000_010)).toBe(false);
  expect(verifySignature(newWebhookSecret(), headers, body, 1_700_000_010)).toBe(false);
  expect(verifySignature(secret, headers, body, 1_700_000_000 + 301)).toBe(false);
  expect(
    verifySignature(secret, { ...headers, signature: `v1,AAAA ${headers.signature}` }, body, 1_700_000_000),
  ).toBe(true);
});
