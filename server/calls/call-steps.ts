/**
 * Every event of a call goes through the turn machine here, and its commands run in order:
 * upstream commands to the conversation (rewritten while the cached greeting plays), playback
 * commands to the pacer, and a cut of the assistant's audio to the recorder and the echo
 * reference. A barge-in leaves in the transcript how much of each cut-off line was heard.
 */
import type { CallEvent, TurnCommand } from './events.ts';
import { greetingCommandFrames } from './greeting/cached-greeting.ts';
import type { LiveCall } from './live-call.ts';
import type { Pacer } from './pacer.ts';
import { encodeUpstreamCommand, isUpstreamCommand } from './realtime-codec.ts';

export interface CallSteps {
  step(event: CallEvent): void;
  /** The caller may hear the assistant: audio queued here, buffered at Twilio, or just played (echo tail). */
  assistantSpeaking(): boolean;
}

export function createCallSteps(live: LiveCall, o: { now: () => number; echoTailMs?: number }): CallSteps {
  const { now } = o;
  const echoTailMs = o.echoTailMs ?? 200;
  let lastPlayingAt = Number.NEGATIVE_INFINITY;

  function execute(commands: readonly TurnCommand[]): void {
    for (const c of commands) {
      if (isUpstreamCommand(c)) {
        const rewritten = live.greeting ? greetingCommandFrames(c, live.greeting) : null;
        if (rewritten) for (const frame of rewritten) live.conversation?.send(frame);
        else live.conversation?.send(encodeUpstreamCommand(c));
        continue;
      }
      const p = live.pacer as Pacer;
      if (c.type === 'playback_enqueue') {
        live.ear?.assistantAudio(now(), p.stats.generation, p.stats.sentBytes + p.stats.queuedBytes);
        p.enqueueBase64(c.audioBase64, c.byteLength);
      } else if (c.type === 'playback_pause') p.pause();
      else if (c.type === 'playback_resume') p.resume();
      else if (c.type === 'twilio_clear' || c.type === 'playback_rewind') {
        if (c.type === 'twilio_clear') p.clear(c.generation);
        else p.rewind(c.generation, c.offset);
        live.recorder?.assistantCleared(now());
        live.inbound?.cut(now());
      }
    }
  }

  return {
    step(event) {
      const machine = live.machine;
      if (machine === null) return;
      const before = machine.lastInterruption;
      execute(machine.step(event, now()));
      const cut = machine.lastInterruption;
      if (cut !== before && cut)
        for (const i of cut.items)
          if (i.action !== 'none') live.conversation?.transcript.interrupted(i.itemId, i.heardMs, i.sentMs);
    },
    assistantSpeaking() {
      const t = now();
      const p = live.pacer as Pacer;
      if (p.stats.queuedBytes > 0 || p.leadMs() > 0) lastPlayingAt = t;
      return t - lastPlayingAt < echoTailMs;
    },
  };
}
