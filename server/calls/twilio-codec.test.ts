import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import {
  base64ByteLength,
  createTwilioEncoder,
  formatPlaybackMark,
  isStrictBase64,
  parsePlaybackMark,
  parseTwilioMessage,
} from './twilio-codec.ts';

const START = {
  event: 'start',
  sequenceNumber: '1',
  streamSid: 'MZ123',
  start: {
    accountSid: 'AC123',
    streamSid: 'MZ123',
    callSid: 'CA123',
    tracks: ['inbound'],
    customParameters: { businessId: 'b-1', callerName: 'דנה', bogus: 7 },
    mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
  },
};

const FRAME_160 = Buffer.alloc(160, 0x7f).toString('base64');

function media(payload: unknown, timestamp: unknown = '40'): string {
  return JSON.stringify({
    event: 'media',
    streamSid: 'MZ123',
    media: { track: 'inbound', chunk: '3', timestamp, payload },
  });
}

describe('parseTwilioMessage', () => {
  test('reads a start message with its call identifiers and custom parameters', () => {
    const r = parseTwilioMessage(JSON.stringify(START));
    expect(r).toEqual({
      ok: true,
      event: {
        type: 'start',
        streamSid: 'MZ123',
        callSid: 'CA123',
        accountSid: 'AC123',
        tracks: ['inbound'],
        customParameters: { businessId: 'b-1', callerName: 'דנה' },
      },
    });
  });

  test('refuses a stream that is not 8 kHz mono μ-law', () => {
    for (const mediaFormat of [
      { encoding: 'audio/l16', sampleRate: 8000, channels: 1 },
      { encoding: 'audio/x-mulaw', sampleRate: 16000, channels: 1 },
      { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 2 },
    ]) {
      const r = parseTwilioMessage(JSON.stringify({ ...START, start: { ...START.start, mediaFormat } }));
      expect(r.ok ? 'accepted' : r.reason).toBe('unsupported_media_format');
    }
  });

  test('reads a 20 ms caller frame, keeping the base64 payload untouched', () => {
    const r = parseTwilioMessage(media(FRAME_160));
    expect(r).toEqual({ ok: true, event: { type: 'caller_audio', payload: FRAME_160, timestampMs: 40 } });
    expect(base64ByteLength(FRAME_160)).toBe(160);
  });

  test('reads marks, DTMF digits, stop and connected', () => {
    const kinds = [
      { event: 'mark', streamSid: 'MZ', mark: { name: 'p0.800' } },
      { event: 'dtmf', streamSid: 'MZ', dtmf: { track: 'inbound_track', digit: '5' } },
      { event: 'stop', streamSid: 'MZ', stop: { accountSid: 'AC', callSid: 'CA' } },
      { event: 'connected', protocol: 'Call', version: '1.0.0' },
    ].map((m) => {
      const r = parseTwilioMessage(JSON.stringify(m));
      return r.ok ? r.event : r.reason;
    });
    expect(kinds).toEqual([
      { type: 'mark', name: 'p0.800' },
      { type: 'dtmf', digit: '5' },
      { type: 'stop' },
      { type: 'twilio_connected' },
    ]);
  });

  test('rejects malformed frames with the reason that names the fault', () => {
    const cases: [string | Uint8Array, string][] = [
      ['{"event":', 'bad_json'],
      ['[1,2]', 'not_an_object'],
      ['null', 'not_an_object'],
      ['{"event":"shout"}', 'unknown_event'],
      ['{"streamSid":"MZ"}', 'unknown_event'],
      [media(undefined), 'missing_field'],
      [media(''), 'missing_field'],
      [media(FRAME_160, null), 'missing_field'],
      [media(FRAME_160, 'soon'), 'missing_field'],
      [media(`${FRAME_160.slice(0, -4)}ab*d`), 'bad_base64'],
      [media(`${FRAME_160}A`), 'bad_base64'],
      [media('QU=J'), 'bad_base64'],
      [media('QUJD\n'), 'bad_base64'],
      [media('QUJD-_'), 'bad_base64'],
      ['{"event":"mark","mark":{}}', 'missing_field'],
      ['{"event":"dtmf"}', 'missing_field'],
      [JSON.stringify({ ...START, start: { ...START.start, callSid: undefined } }), 'missing_field'],
      [JSON.stringify({ ...START, start: { ...START.start, mediaFormat: undefined } }), 'missing_field'],
      [new Uint8Array([123, 125]), 'binary_frame'],
    ];
    for (const [input, reason] of cases) {
      const r = parseTwilioMessage(input);
      expect({ input: String(input).slice(0, 60), got: r.ok ? 'accepted' : r.reason }).toEqual({
        input: String(input).slice(0, 60),
        got: reason,
      });
    }
  });

  test('never throws, whatever arrives', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const r = parseTwilioMessage(text);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  test('validates a 1 MB payload, refusing one bad character at its very end', () => {
    // Quadratic work on 1 MB would take minutes and run into the suite's per-test timeout; the
    // speed itself is a benchmark's business, not a timed assertion's.
    const big = Buffer.alloc(768 * 1024, 0x55).toString('base64'); // 1 MiB of base64
    const good = parseTwilioMessage(media(big));
    const bad = parseTwilioMessage(media(`${big.slice(0, -4)}AA!A`));
    expect(good.ok).toBe(true);
    expect(bad.ok ? 'accepted' : bad.reason).toBe('bad_base64');
  });
});

describe('strict base64', () => {
  test('accepts exactly what an encoder produces, and knows its decoded length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const b64 = Buffer.from(bytes).toString('base64');
        expect(isStrictBase64(b64)).toBe(true);
        expect(base64ByteLength(b64)).toBe(bytes.length);
      }),
    );
  });

  test('refuses URL-safe, unpadded, whitespace and misplaced padding', () => {
    for (const s of ['ab-_', 'abc', 'ab c', 'a=bc', 'ab==cd==', '====', 'AAA=A===']) {
      expect({ s, ok: isStrictBase64(s) }).toEqual({ s, ok: false });
    }
  });
});

describe('outbound frames', () => {
  const enc = createTwilioEncoder('MZ"odd');

  test('media, mark and clear frames carry the stream sid and parse as Twilio expects', () => {
    expect(JSON.parse(enc.media(FRAME_160))).toEqual({
      event: 'media',
      streamSid: 'MZ"odd',
      media: { payload: FRAME_160 },
    });
    expect(JSON.parse(enc.mark('p1."x'))).toEqual({
      event: 'mark',
      streamSid: 'MZ"odd',
      mark: { name: 'p1."x' },
    });
    expect(JSON.parse(enc.clear())).toEqual({ event: 'clear', streamSid: 'MZ"odd' });
  });
});

describe('playback mark names', () => {
  test('round-trip generation and offset', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1e6 }), fc.nat({ max: 1e12 }), (generation, offset) => {
        expect(parsePlaybackMark(formatPlaybackMark(generation, offset))).toEqual({ generation, offset });
      }),
    );
  });

  test("are not confused with someone else's marks", () => {
    for (const name of ['greeting', 'p', 'p1', 'p1.', 'p.5', 'px.5', 'p1.5x', 'q1.5', 'p1.2.3']) {
      expect({ name, parsed: parsePlaybackMark(name) }).toEqual({ name, parsed: null });
    }
  });
});
