/**
 * One message from Twilio's media stream: parsed (a malformed frame is counted and skipped, a
 * protocol violation ends the call), then dispatched in arrival order. Caller audio goes
 * upstream first, then to the recording and the local analysis; a key pressed while the
 * assistant talks is a barge-in; a `stop` ends the call with the reason it had (a goodbye, a
 * transfer, a hang-up).
 */
import type { CallCounters } from './call-session-types.ts';
import type { CallEvent, CallStart } from './events.ts';
import type { LiveCall } from './live-call.ts';
import { parsePlaybackMark, parseTwilioMessage } from './twilio-codec.ts';
import { type CallProbe, sometimes } from './types.ts';

const TICK: CallEvent = { type: 'tick' };

export interface TwilioEventsOptions {
  counters: CallCounters;
  step: (event: CallEvent) => void;
  assistantSpeaking: () => boolean;
  /** The call was handed to a person: Twilio's `stop` is the transfer. */
  transferring: () => boolean;
  onStart: (ev: CallStart) => void;
  end: (reason: string, code: number) => void;
  now: () => number;
  probe?: CallProbe;
}

export function createTwilioEvents(
  live: LiveCall,
  o: TwilioEventsOptions,
): (message: string | Buffer) => void {
  const { counters, step, end, probe } = o;

  function malformed(reason: string, detail: string): void {
    counters.malformed++;
    counters.malformedByReason[reason] = (counters.malformedByReason[reason] ?? 0) + 1;
    if (sometimes(counters.malformed))
      live.log.warn({ reason, detail, count: counters.malformed }, 'twilio: malformed frame skipped');
  }

  return (message) => {
    if (live.state === 'ended') return;
    const t0 = probe ? Bun.nanoseconds() : 0;
    counters.messagesIn++;
    const parsed = parseTwilioMessage(message); // a binary frame is a counted rejection
    if (!parsed.ok) {
      if (parsed.reason === 'unsupported_media_format' || parsed.detail.startsWith('start')) {
        end(`protocol violation: ${parsed.reason} ${parsed.detail}`, 1008);
      } else malformed(parsed.reason, parsed.detail);
      return;
    }
    const ev = parsed.event;
    if (ev.type === 'twilio_connected') return;
    if (ev.type === 'stop') {
      end(live.ending?.reason ?? (o.transferring() ? 'transferred to a person' : 'caller hung up'), 1000);
      return;
    }
    if (live.state === 'awaiting_start') {
      if (ev.type === 'start') o.onStart(ev);
      else end(`protocol violation: ${ev.type} before start`, 1008);
      return;
    }
    switch (ev.type) {
      case 'start':
        end('protocol violation: a second start', 1008);
        return;
      case 'caller_audio':
        counters.framesIn++;
        step(ev); // relays the payload upstream first: analysis must not delay it
        live.recorder?.caller(ev.payload, ev.timestampMs);
        live.inbound?.push(ev.payload, o.assistantSpeaking());
        step(TICK);
        live.conversation?.tick();
        if (probe) probe.inbound(Bun.nanoseconds() - t0);
        return;
      case 'dtmf':
        counters.dtmf++;
        step(ev); // a key pressed while the assistant talks is a barge-in
        live.dtmf?.key(ev.digit);
        return;
      case 'mark': {
        step(ev);
        const mark = parsePlaybackMark(ev.name);
        if (mark) live.ear?.mark(o.now(), mark.generation, mark.offset);
        return;
      }
      default:
        step(ev);
    }
  };
}
