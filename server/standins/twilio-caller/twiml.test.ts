import { describe, expect, test } from 'bun:test';
import twilio from 'twilio';
import { parseTwiml } from './twiml.ts';

describe('TwiML', () => {
  test('reads the stream URL and its parameters from TwiML built by the twilio package', () => {
    const response = new twilio.twiml.VoiceResponse();
    const stream = response.connect().stream({ url: 'wss://app.example.com/twilio/stream' });
    stream.parameter({ name: 'businessId', value: 'b&1' });
    stream.parameter({ name: 'callToken', value: 'tok"2' });
    const answer = parseTwiml(response.toString());
    expect(answer).toEqual({
      kind: 'stream',
      verbs: ['Connect', 'Stream', 'Parameter', 'Parameter'],
      stream: {
        url: 'wss://app.example.com/twilio/stream',
        parameters: { businessId: 'b&1', callToken: 'tok"2' },
        attributes: {},
      },
    });
  });

  test('treats a rejection or a one-way <Start><Stream> as no conversation', () => {
    const reject = new twilio.twiml.VoiceResponse();
    reject.reject();
    expect(parseTwiml(reject.toString())).toEqual({ kind: 'other', verbs: ['Reject'] });
    const fork = new twilio.twiml.VoiceResponse();
    fork.start().stream({ url: 'wss://app.example.com/s' });
    expect(parseTwiml(fork.toString()).kind).toBe('other');
  });

  test('refuses a stream URL with a query string, as Twilio does', () => {
    const response = new twilio.twiml.VoiceResponse();
    response.connect().stream({ url: 'wss://app.example.com/twilio/stream?business=1' });
    expect(() => parseTwiml(response.toString())).toThrow('31922');
  });
});
