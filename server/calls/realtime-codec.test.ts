import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import {
  appendAudio,
  encodeAppendAudio,
  encodeUpstreamCommand,
  functionCallOutput,
  isBenignUpstreamError,
  parseRealtimeMessage,
  responseCreate,
  sessionUpdate,
  sessionUpdateFrame,
} from './realtime-codec.ts';

const AUDIO = Buffer.alloc(4000, 0x7f).toString('base64');

function parse(obj: unknown) {
  return parseRealtimeMessage(JSON.stringify(obj));
}

describe('parseRealtimeMessage', () => {
  test('turns a GA audio delta into assistant audio with its exact byte count', () => {
    const r = parse({
      type: 'response.output_audio.delta',
      event_id: 'e1',
      response_id: 'resp_1',
      item_id: 'item_1',
      output_index: 0,
      content_index: 0,
      delta: AUDIO,
    });
    expect(r).toEqual({
      kind: 'event',
      event: {
        type: 'assistant_audio',
        responseId: 'resp_1',
        itemId: 'item_1',
        audioBase64: AUDIO,
        byteLength: 4000,
      },
    });
  });

  test('rejects an audio delta whose base64 is corrupt, so the playback clock is never miscounted', () => {
    const r = parse({ type: 'response.output_audio.delta', response_id: 'r', item_id: 'i', delta: 'AB$D' });
    expect(r).toEqual({ kind: 'rejected', reason: 'bad_base64', detail: 'delta' });
  });

  test('reports beta-protocol and unused event types as ignored, by name', () => {
    expect(parse({ type: 'response.audio.delta', response_id: 'r', item_id: 'i', delta: AUDIO })).toEqual({
      kind: 'ignored',
      type: 'response.audio.delta',
    });
    expect(parse({ type: 'rate_limits.updated', rate_limits: [] })).toEqual({
      kind: 'ignored',
      type: 'rate_limits.updated',
    });
  });

  test('reads the turn-taking events the relay acts on', () => {
    const events = [
      { type: 'response.created', response: { id: 'resp_1', status: 'in_progress' } },
      { type: 'response.done', response: { id: 'resp_1', status: 'cancelled' } },
      {
        type: 'response.output_item.added',
        response_id: 'resp_1',
        output_index: 0,
        item: { id: 'item_1', type: 'message', role: 'assistant' },
      },
      { type: 'response.output_audio.done', response_id: 'resp_1', item_id: 'item_1' },
      { type: 'input_audio_buffer.speech_started', audio_start_ms: 1200, item_id: 'item_u' },
      { type: 'input_audio_buffer.speech_stopped', audio_end_ms: 2400, item_id: 'item_u' },
      {
        type: 'response.output_audio_transcript.delta',
        response_id: 'resp_1',
        item_id: 'item_1',
        delta: 'שלו',
      },
      {
        type: 'response.output_audio_transcript.done',
        response_id: 'resp_1',
        item_id: 'item_1',
        transcript: 'שלום',
      },
      {
        type: 'conversation.item.input_audio_transcription.completed',
        item_id: 'item_u',
        content_index: 0,
        transcript: 'מתי אתם פתוחים?',
      },
      {
        type: 'response.function_call_arguments.done',
        response_id: 'resp_2',
        item_id: 'item_fc',
        call_id: 'call_1',
        name: 'book',
        arguments: '{"day":"sunday"}',
      },
      { type: 'session.created', session: {} },
      { type: 'session.updated', session: {} },
    ].map((m) => {
      const r = parse(m);
      return r.kind === 'event' ? r.event : r;
    });
    expect(events).toEqual([
      { type: 'response_created', responseId: 'resp_1' },
      { type: 'response_done', responseId: 'resp_1', status: 'cancelled' },
      { type: 'output_item_added', responseId: 'resp_1', itemId: 'item_1', itemType: 'message' },
      { type: 'assistant_audio_done', responseId: 'resp_1', itemId: 'item_1' },
      { type: 'upstream_speech_started', itemId: 'item_u', audioStartMs: 1200 },
      { type: 'upstream_speech_stopped', itemId: 'item_u', audioEndMs: 2400 },
      { type: 'assistant_transcript_delta', responseId: 'resp_1', itemId: 'item_1', delta: 'שלו' },
      { type: 'assistant_transcript_done', responseId: 'resp_1', itemId: 'item_1', transcript: 'שלום' },
      { type: 'caller_transcript', itemId: 'item_u', transcript: 'מתי אתם פתוחים?' },
      {
        type: 'function_call',
        responseId: 'resp_2',
        itemId: 'item_fc',
        callId: 'call_1',
        name: 'book',
        arguments: '{"day":"sunday"}',
      },
      { type: 'session_created' },
      { type: 'session_updated' },
    ]);
  });

  test('surfaces upstream errors and tells the expected races from real faults', () => {
    const r = parse({
      type: 'error',
      event_id: 'e9',
      error: {
        type: 'invalid_request_error',
        code: 'response_cancel_not_active',
        message: 'no active response',
      },
    });
    expect(r).toEqual({
      kind: 'event',
      event: {
        type: 'upstream_error',
        code: 'response_cancel_not_active',
        errorType: 'invalid_request_error',
        message: 'no active response',
        clientEventId: null,
      },
    });
    expect(isBenignUpstreamError('response_cancel_not_active')).toBe(true);
    expect(isBenignUpstreamError('conversation_already_has_active_response')).toBe(true);
    expect(isBenignUpstreamError('invalid_api_key')).toBe(false);
    expect(isBenignUpstreamError(null)).toBe(false);
  });

  test('rejects frames missing what the relay needs', () => {
    const reasons = [
      '{"type":',
      '"text"',
      '{"no":"type"}',
      '{"type":"response.output_audio.delta","item_id":"i","delta":"AAAA"}',
      '{"type":"response.created","response":{}}',
      '{"type":"response.output_item.added","response_id":"r","item":{}}',
    ].map((text) => {
      const r = parseRealtimeMessage(text);
      return r.kind === 'rejected' ? r.reason : r.kind;
    });
    expect(reasons).toEqual([
      'bad_json',
      'not_an_object',
      'missing_field',
      'missing_field',
      'missing_field',
      'missing_field',
    ]);
  });

  test('never throws, whatever arrives', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        expect(['event', 'ignored', 'rejected']).toContain(parseRealtimeMessage(text).kind);
      }),
      { numRuns: 500 },
    );
  });
});

describe('client events', () => {
  test('configure μ-law both ways, Hebrew transcription and server VAD that never interrupts', () => {
    const ev = sessionUpdate({
      instructions: 'את עוזרת של מספרה',
      voice: 'marin',
      tools: [{ type: 'function', name: 'book', description: 'Book a slot', parameters: { type: 'object' } }],
      vad: { silenceDurationMs: 600 },
    });
    expect(ev).toEqual({
      type: 'session.update',
      session: {
        type: 'realtime',
        instructions: 'את עוזרת של מספרה',
        output_modalities: ['audio'],
        audio: {
          input: {
            format: { type: 'audio/pcmu' },
            transcription: { model: 'gpt-4o-transcribe', language: 'he' },
            turn_detection: {
              type: 'server_vad',
              create_response: false,
              interrupt_response: false,
              silence_duration_ms: 600,
            },
          },
          output: { format: { type: 'audio/pcmu' }, voice: 'marin' },
        },
        tools: [
          { type: 'function', name: 'book', description: 'Book a slot', parameters: { type: 'object' } },
        ],
        tool_choice: 'auto',
      },
    });
  });

  test('relay caller audio with the Twilio base64 untouched, on the fast path too', () => {
    expect(JSON.parse(encodeAppendAudio(AUDIO))).toEqual(appendAudio(AUDIO));
    expect(appendAudio(AUDIO)).toEqual({ type: 'input_audio_buffer.append', audio: AUDIO });
  });

  test('encode the turn machine commands as the GA events', () => {
    expect(
      JSON.parse(encodeUpstreamCommand({ type: 'upstream_truncate', itemId: 'item_1', audioEndMs: 1380 })),
    ).toEqual({
      type: 'conversation.item.truncate',
      item_id: 'item_1',
      content_index: 0,
      audio_end_ms: 1380,
    });
    expect(JSON.parse(encodeUpstreamCommand({ type: 'upstream_delete_item', itemId: 'item_2' }))).toEqual({
      type: 'conversation.item.delete',
      item_id: 'item_2',
    });
    expect(JSON.parse(encodeUpstreamCommand({ type: 'upstream_cancel', responseId: 'resp_1' }))).toEqual({
      type: 'response.cancel',
      response_id: 'resp_1',
    });
  });

  test('return a tool result as a function_call_output item, then ask for a response', () => {
    expect(functionCallOutput('call_1', '{"booked":true}')).toEqual({
      type: 'conversation.item.create',
      item: { type: 'function_call_output', call_id: 'call_1', output: '{"booked":true}' },
    });
    expect(responseCreate()).toEqual({ type: 'response.create' });
  });
});

test("calls sharing a business's session share its encoded session.update; another VAD is its own", () => {
  const session = { instructions: 'את העוזרת של המספרה '.repeat(200), voice: 'marin' };
  const vad = { threshold: 0.6 };
  const first = sessionUpdateFrame(session, vad);
  expect(sessionUpdateFrame(session, vad)).toBe(first);
  expect(JSON.parse(first)).toEqual(JSON.parse(JSON.stringify(sessionUpdate({ ...session, vad }))));
  const other = sessionUpdateFrame(session, { threshold: 0.9 });
  expect(JSON.parse(other).session.audio.input.turn_detection.threshold).toBe(0.9);
});
