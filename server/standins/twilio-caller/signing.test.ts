import { describe, expect, test } from 'bun:test';
import twilio from 'twilio';
import { signUpgrade, signWebhook, toLocalWsUrl } from './signing.ts';

describe('signing', () => {
  test("matches twilio-node's own test vector", () => {
    const sig = signWebhook('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', {
      CallSid: 'CA1234567890ABCDE',
      Caller: '+14158675309',
      Digits: '1234',
      From: '+14158675309',
      To: '+18005551212',
    });
    expect(sig).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });

  test('signs the upgrade so that validateRequest accepts it and a different token does not', () => {
    const url = 'wss://app.example.com/twilio/stream';
    const sig = signUpgrade('secret', url);
    expect(twilio.validateRequest('secret', sig, url, {})).toBe(true);
    expect(twilio.validateRequest('other', sig, url, {})).toBe(false);
  });

  test('maps the public stream URL onto the local server, keeping the path', () => {
    expect(toLocalWsUrl('wss://app.example.com/twilio/stream', 'ws://127.0.0.1:4000')).toBe(
      'ws://127.0.0.1:4000/twilio/stream',
    );
    expect(toLocalWsUrl('wss://app.example.com/twilio/stream', 'ws://127.0.0.1:4000/prefix/')).toBe(
      'ws://127.0.0.1:4000/prefix/twilio/stream',
    );
  });
});
