/**
 * Replays a recorded call (JSON under this folder) through the real codecs, turn machine and
 * pacer, against a fake clock and a fake Twilio, one millisecond at a time.
 *
 * Recordings keep the wire messages as sent, with one shorthand to keep them readable: an
 * audio field written `{"ulawMs": N}` stands for N ms of μ-law. Assistant audio is filled with
 * a byte value unique to its item (so the fake Twilio can count what was heard of each item);
 * caller audio is silence.
 */
import type { TurnCommand } from '../events.ts';
import { createPacer, type Pacer } from '../pacer.ts';
import { encodeUpstreamCommand, isUpstreamCommand, parseRealtimeMessage } from '../realtime-codec.ts';
import { createTurnMachine, type TurnMachine } from '../turn-machine.ts';
import { parseTwilioMessage } from '../twilio-codec.ts';
import { createFakeClock } from './fake-clock.ts';
import { createFakeTwilio, type FakeTwilio } from './fake-twilio.ts';

type Json = Record<string, unknown>;
type VadEvent = 'local_speech_start' | 'local_speech_confirmed' | 'local_speech_end';

export interface ReplayStep {
  at: number;
  twilio?: Json;
  upstream?: Json;
  vad?: VadEvent;
}

export interface Replay {
  description: string;
  durationMs: number;
  /** Delay of Twilio's mark echoes reaching us. */
  latencyMs?: number;
  pacer?: { leadMs?: number; markEveryMs?: number };
  steps: ReplayStep[];
  expect: {
    /** Every client event sent upstream except audio appends, in order; fields listed must match. */
    upstream: Json[];
    clears: number;
    stats?: Json;
    /** Items the caller must have heard in full. */
    fullyHeard?: string[];
  };
}

export interface ReplayRun {
  /** `clears`: how many Twilio clears preceded the event (a barge-in clears before truncating). */
  upstream: { at: number; clears: number; event: Json }[];
  appends: number;
  /** Milliseconds of audio enqueued per item, and the byte value its audio was filled with. */
  itemMs: Map<string, number>;
  itemByte: Map<string, number>;
  machine: TurnMachine;
  pacer: Pacer;
  twilio: FakeTwilio;
  rejected: string[];
  ignored: string[];
  maxBufferedMs: number;
}

function expandAudio(value: unknown, byte: number): unknown {
  if (typeof value === 'object' && value !== null && 'ulawMs' in value) {
    return Buffer.alloc((value as { ulawMs: number }).ulawMs * 8, byte).toString('base64');
  }
  return value;
}

export function runReplay(replay: Replay): ReplayRun {
  const clock = createFakeClock(0);
  const twilio = createFakeTwilio();
  const machine = createTurnMachine();
  const latency = replay.latencyMs ?? 0;
  let pacer: Pacer | null = null;
  const run: Omit<ReplayRun, 'pacer'> & { pacer: Pacer | null } = {
    upstream: [],
    appends: 0,
    itemMs: new Map(),
    itemByte: new Map(),
    machine,
    pacer: null,
    twilio,
    rejected: [],
    ignored: [],
    maxBufferedMs: 0,
  };
  const echoes: { due: number; name: string }[] = [];

  function execute(commands: readonly TurnCommand[], at: number): void {
    for (const c of commands) {
      if (isUpstreamCommand(c)) {
        if (c.type === 'upstream_append_audio') run.appends++;
        else {
          const event = JSON.parse(encodeUpstreamCommand(c)) as Json;
          run.upstream.push({ at, clears: twilio.clears, event });
        }
        continue;
      }
      if (pacer === null) throw new Error(`replay: ${c.type} before Twilio start`);
      if (c.type === 'playback_enqueue') pacer.enqueueBase64(c.audioBase64, c.byteLength);
      else if (c.type === 'playback_pause') pacer.pause();
      else if (c.type === 'playback_resume') pacer.resume();
      else if (c.type === 'twilio_clear') pacer.clear(c.generation);
      else if (c.type === 'playback_rewind') pacer.rewind(c.generation, c.offset);
    }
  }

  function feedTwilio(text: string, at: number): void {
    const parsed = parseTwilioMessage(text);
    if (!parsed.ok) {
      run.rejected.push(`twilio:${parsed.reason}`);
      return;
    }
    if (parsed.event.type === 'start') {
      const sent = (_frame: Uint8Array, bytes: number, playsAt: number) => {
        const end = (pacer as Pacer).stats.sentBytes;
        execute(machine.step({ type: 'playback_sent', end, bytes, playsAt }, clock.now()), clock.now());
      };
      pacer = createPacer(
        { send: twilio.send, now: clock.now, timers: clock.timers, logger: { warn: () => {} }, sent },
        { streamSid: parsed.event.streamSid, ...replay.pacer },
      );
      run.pacer = pacer;
    }
    execute(machine.step(parsed.event, at), at);
  }

  function feedUpstream(raw: Json, at: number): void {
    const msg = { ...raw };
    if (msg.type === 'response.output_audio.delta' && typeof msg.item_id === 'string') {
      const id = msg.item_id;
      if (!run.itemByte.has(id)) run.itemByte.set(id, run.itemByte.size + 1);
      msg.delta = expandAudio(msg.delta, run.itemByte.get(id) as number);
    }
    const parsed = parseRealtimeMessage(JSON.stringify(msg));
    if (parsed.kind === 'rejected') run.rejected.push(`upstream:${parsed.reason}`);
    if (parsed.kind === 'ignored') run.ignored.push(parsed.type);
    if (parsed.kind !== 'event') return;
    const ev = parsed.event;
    if (ev.type === 'assistant_audio') {
      run.itemMs.set(ev.itemId, (run.itemMs.get(ev.itemId) ?? 0) + ev.byteLength / 8);
    }
    execute(machine.step(ev, at), at);
  }

  const steps = [...replay.steps].sort((a, b) => a.at - b.at);
  let next = 0;
  for (let t = 0; t <= replay.durationMs; t++) {
    clock.advanceTo(t);
    while (echoes.length > 0 && (echoes[0]?.due ?? 0) <= t) {
      const e = echoes.shift() as { name: string };
      feedTwilio(JSON.stringify({ event: 'mark', streamSid: 'MZ', mark: { name: e.name } }), t);
    }
    while (next < steps.length && (steps[next]?.at ?? 0) <= t) {
      const step = steps[next++] as ReplayStep;
      if (step.twilio) {
        const msg = structuredClone(step.twilio);
        const media = msg.media as Json | undefined;
        if (media) media.payload = expandAudio(media.payload, 0xff);
        feedTwilio(JSON.stringify(msg), t);
      }
      if (step.upstream) feedUpstream(step.upstream, t);
      if (step.vad) execute(machine.step({ type: step.vad }, t), t);
    }
    if (t % 20 === 0) execute(machine.step({ type: 'tick' }, t), t);
    run.maxBufferedMs = Math.max(run.maxBufferedMs, twilio.bufferedMs);
    twilio.play(1);
    for (const name of twilio.takeEchoes()) echoes.push({ due: t + 1 + latency, name });
  }
  if (run.pacer === null) throw new Error('replay: no Twilio start');
  return run as ReplayRun;
}
