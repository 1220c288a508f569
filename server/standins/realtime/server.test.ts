import { afterEach, describe, expect, test } from 'bun:test';
import { rejected } from '../../test/settle';
import { loadUlaw } from '../fixtures.ts';
import type { RealtimeScript } from './script.ts';
import { type RealtimeStandin, type RealtimeStandinOptions, startRealtimeStandin } from './server.ts';
import { connectRealtime, type TestRealtimeClient } from './test-client.ts';

const SCRIPT: RealtimeScript = {
  greeting: { audio: 'assistant-greeting', transcript: 'שלום, איך אפשר לעזור?' },
  turns: [
    {
      audio: 'backchannel-ken',
      transcript: 'רגע',
      functionCall: { name: 'check_availability', arguments: { date: '2025-06-03' } },
      afterOutput: { audio: 'caller-phone', transcript: 'יש תור ביום שלישי.' },
    },
  ],
  fallback: { audio: 'cough', transcript: 'סליחה?' },
};

// Fast pacing keeps the 12.6 s greeting to ~130 ms of streaming.
const FAST: RealtimeStandinOptions = {
  script: SCRIPT,
  apiKey: 'test-key',
  pacing: { speed: 100, firstAudioDelayMs: 0 },
  vad: { eventDelayMs: 0 },
};

let standin: RealtimeStandin | undefined;
const clients: TestRealtimeClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await standin?.stop();
  standin = undefined;
});

async function start(opts: RealtimeStandinOptions = {}) {
  standin = await startRealtimeStandin({ ...FAST, ...opts });
  return standin;
}
async function connect(s: RealtimeStandin) {
  const client = await connectRealtime(s.url);
  clients.push(client);
  await client.next('session.created');
  return client;
}
function configurePcmu(client: TestRealtimeClient) {
  client.send({
    type: 'session.update',
    session: {
      type: 'realtime',
      audio: {
        input: {
          format: { type: 'audio/pcmu' },
          turn_detection: { type: 'server_vad', silence_duration_ms: 500 },
        },
        output: { format: { type: 'audio/pcmu' }, voice: 'marin' },
      },
    },
  });
  return client.next('session.updated');
}
const decodeDeltas = (client: TestRealtimeClient, itemId: string) =>
  Buffer.concat(
    client
      .all('response.output_audio.delta')
      .filter((e) => e.item_id === itemId)
      .map((e) => Buffer.from(e.delta, 'base64')),
  );

describe('connecting', () => {
  test('refuses an upgrade without the expected bearer key or without a model', async () => {
    const s = await start();
    const http = s.url.replace('ws://', 'http://');
    expect((await fetch(`${http}?model=gpt-realtime`)).status).toBe(401);
    expect(
      (await fetch(`${http}?model=gpt-realtime`, { headers: { Authorization: 'Bearer wrong' } })).status,
    ).toBe(401);
    const noModel = await fetch(http, { headers: { Authorization: 'Bearer test-key' } });
    expect(noModel.status).toBe(400);
    expect(await rejected(connectRealtime(s.url, { apiKey: 'wrong' }))).toThrow();
    expect(s.sessions).toHaveLength(0);
  });

  test('refuses the first N connection attempts with 503, then accepts', async () => {
    const s = await start({ failures: { refuseConnections: 2 } });
    const http = s.url.replace('ws://', 'http://');
    const refused = await fetch(`${http}?model=gpt-realtime`, {
      headers: { Authorization: 'Bearer test-key' },
    });
    expect(refused.status).toBe(503);
    expect(await rejected(connectRealtime(s.url))).toThrow();
    const client = await connect(s);
    expect(s.attempts).toEqual({ total: 3, refused: 2 });
    expect(s.sessions).toHaveLength(1);
    client.close();
  });

  test('cuts a connection after the configured time', async () => {
    const s = await start({ failures: { dropAfterMs: 50, dropConnections: 1 } });
    const client = await connect(s);
    const { code } = await client.closed;
    expect(code).not.toBe(1000);
    const second = await connect(s);
    await Bun.sleep(120);
    expect(s.sessions[1]?.closedAt).toBeNull();
    second.close();
  });
});

describe('session', () => {
  test('announces a PCM session and merges updates into it', async () => {
    const s = await start();
    const client = await connectRealtime(s.url);
    clients.push(client);
    const created = await client.next('session.created');
    expect(created.session.type).toBe('realtime');
    const updated = await configurePcmu(client);
    expect(updated.session.type === 'realtime' && updated.session.audio?.output?.voice).toBe('marin');
    expect(updated.session.type === 'realtime' && updated.session.audio?.input?.turn_detection?.type).toBe(
      'server_vad',
    );
    // Merged, not replaced: the default interrupt_response survives an update that did not mention it.
    const detection =
      updated.session.type === 'realtime' ? updated.session.audio?.input?.turn_detection : undefined;
    expect(detection && 'interrupt_response' in detection && detection.interrupt_response).toBe(true);
  });

  test('rejects a session.update without session.type, as the GA service does', async () => {
    const s = await start();
    const client = await connect(s);
    client.send({ type: 'session.update', session: { instructions: 'x' } as never, event_id: 'evt_1' });
    const error = await client.next('error');
    expect(error.error.code).toBe('missing_required_parameter');
    expect(error.error.event_id).toBe('evt_1');
  });
});

describe('responses', () => {
  test('streams the greeting as real fixture audio with its transcript', async () => {
    const s = await start();
    const client = await connect(s);
    await configurePcmu(client);
    client.send({ type: 'response.create' });
    const created = await client.next('response.created');
    const added = await client.next('response.output_item.added');
    expect(added.item.type).toBe('message');
    await client.next('response.content_part.added');
    const done = await client.next('response.done');
    expect(done.response.status).toBe('completed');
    expect(done.response.id).toBe(created.response.id as string);
    const itemId = added.item.id as string;
    expect(decodeDeltas(client, itemId).equals(await loadUlaw('assistant-greeting'))).toBe(true);
    const transcript = await client.next('response.output_audio_transcript.done');
    expect(transcript.transcript).toBe('שלום, איך אפשר לעזור?');
    expect(
      client
        .all('response.output_audio_transcript.delta')
        .map((e) => e.delta)
        .join(''),
    ).toBe(transcript.transcript);
    const order = client.events
      .map((e) => e.type)
      .filter((t) => t.startsWith('response.') && !t.endsWith('.delta'));
    expect(order).toEqual([
      'response.created',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_audio.done',
      'response.output_audio_transcript.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.done',
    ]);
    expect(client.all('error')).toHaveLength(0);
  });

  test('warns once when the output format is left at PCM, which Twilio could not play', async () => {
    const s = await start();
    const client = await connect(s);
    client.send({ type: 'response.create' });
    expect((await client.next('error')).error.code).toBe('standin_unsupported_format');
  });

  test('refuses a second response while one is active and a cancel when none is', async () => {
    const s = await start({ pacing: { speed: 2, firstAudioDelayMs: 0 } });
    const client = await connect(s);
    await configurePcmu(client);
    client.send({ type: 'response.cancel', event_id: 'evt_cancel' });
    const notActive = await client.next('error');
    expect(notActive.error.code).toBe('response_cancel_not_active');
    expect(notActive.error.event_id).toBe('evt_cancel');
    client.send({ type: 'response.create' });
    const created = await client.next('response.created');
    client.send({ type: 'response.create' });
    const busy = await client.next('error');
    expect(busy.error.code).toBe('conversation_already_has_active_response');
    expect(busy.error.message).toContain(created.response.id as string);
    client.send({ type: 'response.cancel' });
    const done = await client.next('response.done');
    expect(done.response.status).toBe('cancelled');
    expect(done.response.status_details?.reason).toBe('client_cancelled');
    expect(s.sessions[0]?.cancels).toEqual([
      { responseId: null, wasActive: false },
      { responseId: null, wasActive: true },
    ]);
  });

  test('truncates within the audio sent and refuses beyond it with the service error', async () => {
    const s = await start();
    const client = await connect(s);
    await configurePcmu(client);
    client.send({ type: 'response.create' });
    const itemId = (await client.next('response.output_item.added')).item.id as string;
    await client.next('response.done');
    const audioMs = decodeDeltas(client, itemId).length / 8;

    client.send({
      type: 'conversation.item.truncate',
      item_id: itemId,
      content_index: 0,
      audio_end_ms: audioMs + 500,
    });
    const refused = await client.next('error');
    expect(refused.error.code).toBe('invalid_value');
    expect(refused.error.message).toBe(
      `Audio content of ${Math.round(audioMs)}ms is already shorter than ${audioMs + 500}ms`,
    );

    client.send({
      type: 'conversation.item.truncate',
      item_id: itemId,
      content_index: 0,
      audio_end_ms: 3000,
    });
    const truncated = await client.next('conversation.item.truncated');
    expect(truncated).toMatchObject({ item_id: itemId, audio_end_ms: 3000, content_index: 0 });
    // The item now holds 3000 ms: truncating to 3500 is beyond it.
    client.send({
      type: 'conversation.item.truncate',
      item_id: itemId,
      content_index: 0,
      audio_end_ms: 3500,
    });
    expect((await client.next('error')).error.message).toBe(
      'Audio content of 3000ms is already shorter than 3500ms',
    );
    expect(s.sessions[0]?.truncations.map((t) => [t.audioEndMs, t.accepted])).toEqual([
      [audioMs + 500, false],
      [3000, true],
      [3500, false],
    ]);
  });

  test('deletes items and refuses to delete one that does not exist', async () => {
    const s = await start();
    const client = await connect(s);
    client.send({
      type: 'conversation.item.create',
      item: {
        id: 'item_user1',
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: 'hi' }],
      },
    });
    expect((await client.next('conversation.item.added')).item.id).toBe('item_user1');
    await client.next('conversation.item.done');
    client.send({ type: 'conversation.item.delete', item_id: 'item_user1' });
    expect((await client.next('conversation.item.deleted')).item_id).toBe('item_user1');
    client.send({ type: 'conversation.item.delete', item_id: 'item_user1' });
    expect((await client.next('error')).error.code).toBe('item_delete_invalid_item_id');
    expect(s.sessions[0]?.deletions).toEqual([
      { itemId: 'item_user1', accepted: true },
      { itemId: 'item_user1', accepted: false },
    ]);
  });

  test('calls a function, takes its output, and answers with the scripted follow-up', async () => {
    const s = await start();
    const client = await connect(s);
    await configurePcmu(client);
    client.send({ type: 'response.create' });
    await client.next('response.done'); // greeting
    client.send({ type: 'response.create' });
    await client.next('response.output_item.added'); // the greeting's item
    await client.next('response.output_item.added'); // "one moment" audio
    const call = await client.next('response.output_item.added');
    expect(call.item).toMatchObject({
      type: 'function_call',
      name: 'check_availability',
      status: 'in_progress',
    });
    const args = await client.next('response.function_call_arguments.done');
    expect(JSON.parse(args.arguments)).toEqual({ date: '2025-06-03' });
    const deltas = client.all('response.function_call_arguments.delta').map((e) => e.delta);
    expect(deltas.join('')).toBe(args.arguments);
    await client.next('response.done');

    client.send({
      type: 'conversation.item.create',
      item: { type: 'function_call_output', call_id: args.call_id, output: '{"free":["10:00"]}' },
    });
    await client.next('conversation.item.added');
    client.send({ type: 'response.create' });
    await client.next('response.done');
    const spoken = client.all('response.output_audio_transcript.done').map((e) => e.transcript);
    expect(spoken).toEqual(['שלום, איך אפשר לעזור?', 'רגע', 'יש תור ביום שלישי.']);
    expect(s.sessions[0]?.functionOutputs).toEqual([{ callId: args.call_id, output: '{"free":["10:00"]}' }]);
  });
});

describe('input audio', () => {
  const append = async (client: TestRealtimeClient, ...names: string[]) => {
    for (const name of names) {
      const audio = await loadUlaw(name);
      for (let i = 0; i < audio.length; i += 1600)
        client.send({
          type: 'input_audio_buffer.append',
          audio: Buffer.from(audio.subarray(i, i + 1600)).toString('base64'),
        });
    }
  };

  test('detects the caller speaking, commits the turn and answers by itself', async () => {
    const s = await start();
    const client = await connect(s);
    await configurePcmu(client);
    await append(client, 'silence', 'caller-booking', 'silence');
    const started = await client.next('input_audio_buffer.speech_started');
    const stopped = await client.next('input_audio_buffer.speech_stopped');
    expect(started.audio_start_ms).toBeGreaterThanOrEqual(1700);
    expect(started.audio_start_ms).toBeLessThan(1800);
    expect(stopped.audio_end_ms).toBeGreaterThan(5500);
    expect(stopped.item_id).toBe(started.item_id);
    const committed = await client.next('input_audio_buffer.committed');
    expect(committed.item_id).toBe(started.item_id);
    await client.next('response.created');
    expect(s.sessions[0]?.responses[0]?.trigger).toBe('server_vad');
    expect(s.sessions[0]?.appendedAudioBytes).toBe(16000 + 31083 + 16000);
    expect(s.sessions[0]?.inputAudio().length).toBe(16000 + 31083 + 16000);
  });

  test('hears nothing in silence', async () => {
    const s = await start();
    const client = await connect(s);
    await configurePcmu(client);
    await append(client, 'silence', 'silence');
    // A marker round-trip proves every append was processed before we look.
    client.send({ type: 'conversation.item.delete', item_id: 'nope' });
    await client.next('error');
    expect(client.all('input_audio_buffer.speech_started')).toHaveLength(0);
    expect(s.sessions[0]?.appendedAudioBytes).toBe(32000);
  });

  test('cancels the active response when the caller barges in', async () => {
    const s = await start({ pacing: { speed: 1, firstAudioDelayMs: 0 } });
    const client = await connect(s);
    await configurePcmu(client);
    client.send({ type: 'response.create' });
    await client.next('response.output_audio.delta');
    await append(client, 'caller-interrupt');
    await client.next('input_audio_buffer.speech_started');
    const done = await client.next('response.done');
    expect(done.response.status).toBe('cancelled');
    expect(done.response.status_details?.reason).toBe('turn_detected');
    expect(s.sessions[0]?.responses[0]?.status).toBe('cancelled');
  });
});

describe('service limits', () => {
  test('ends a session at its maximum duration with session_expired', async () => {
    const s = await start({ failures: { maxSessionMs: 60 } });
    const client = await connect(s);
    expect((await client.next('error')).error.code).toBe('session_expired');
    expect((await client.closed).code).toBe(1000);
  });

  test('can refuse a truncation at 0 ms, as some service versions do', async () => {
    const s = await start({ failures: { rejectZeroTruncate: true } });
    const client = await connect(s);
    await configurePcmu(client);
    client.send({ type: 'response.create' });
    const itemId = (await client.next('response.output_item.added')).item.id as string;
    await client.next('response.done');
    client.send({ type: 'conversation.item.truncate', item_id: itemId, content_index: 0, audio_end_ms: 0 });
    expect((await client.next('error')).error.param).toBe('audio_end_ms');
    expect(s.sessions[0]?.truncations[0]?.accepted).toBe(false);
  });

  test('refuses to commit less than 100 ms of input audio', async () => {
    const s = await start();
    const client = await connect(s);
    client.send({ type: 'input_audio_buffer.append', audio: Buffer.alloc(400, 0xff).toString('base64') });
    client.send({ type: 'input_audio_buffer.commit' });
    expect((await client.next('error')).error.code).toBe('input_audio_buffer_commit_empty');
    client.send({ type: 'input_audio_buffer.append', audio: Buffer.alloc(800, 0xff).toString('base64') });
    client.send({ type: 'input_audio_buffer.commit' });
    await client.next('input_audio_buffer.committed');
  });
});
