/**
 * One message from the Realtime session, while the call is live: parsed, shown to the
 * conversation (tools, transcript) and the greeting capture, then stepped through the turn
 * machine. Responses in progress are tracked so a replaced session can close them; a
 * malformed event is counted and skipped, an error event logged (an expected race at debug).
 */
import type { CallCounters } from './call-session-types.ts';
import type { CallEvent } from './events.ts';
import type { LiveCall } from './live-call.ts';
import { isBenignUpstreamError, parseRealtimeMessage } from './realtime-codec.ts';
import { type CallProbe, sometimes } from './types.ts';

export interface UpstreamEventsOptions {
  counters: CallCounters;
  step: (event: CallEvent) => void;
  /** Responses in progress upstream (kept by the session: a replaced session never finishes them). */
  openResponses: Set<string>;
  probe?: CallProbe;
}

export function createUpstreamEvents(live: LiveCall, o: UpstreamEventsOptions): (text: string) => void {
  const { counters, step, openResponses, probe } = o;
  return (text) => {
    if (live.state !== 'live') return;
    const t0 = probe ? Bun.nanoseconds() : 0;
    const parsed = parseRealtimeMessage(text);
    if (parsed.kind === 'rejected') {
      counters.upstreamMalformed++;
      if (sometimes(counters.upstreamMalformed))
        live.log.warn({ reason: parsed.reason }, 'realtime: malformed event');
      return;
    }
    if (parsed.kind === 'ignored') return;
    const ev = parsed.event;
    live.conversation?.observe(ev);
    live.capture?.observe(ev);
    switch (ev.type) {
      case 'upstream_error':
        counters.upstreamErrors++;
        if (isBenignUpstreamError(ev.code)) live.log.debug({ code: ev.code }, 'realtime: expected race');
        else
          live.log.warn({ code: ev.code, type: ev.errorType, message: ev.message }, 'realtime: error event');
        return;
      case 'upstream_speech_started':
        step(ev); // evidence for the turn machine, never a barge-in on its own
        return;
      case 'response_created':
        openResponses.add(ev.responseId);
        step(ev);
        return;
      case 'response_done':
        openResponses.delete(ev.responseId);
        step(ev);
        return;
      default:
        step(ev);
    }
    if (probe && ev.type === 'assistant_audio') probe.outbound(Bun.nanoseconds() - t0);
  };
}
