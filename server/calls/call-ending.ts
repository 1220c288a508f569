/**
 * Ending a call from our side. After the assistant's `end_call`, the goodbye must be heard
 * first: the call ends once no response is in progress and every byte sent has played
 * (Twilio echoed the last mark), or after `goodbyeTimeoutMs` whatever happens. When the
 * Realtime service is lost for good, the caller hears a short spoken apology (Twilio's
 * `<Say>`, through the REST API) instead of a dead line. Without REST access (the demo, tests)
 * closing the media stream ends the call: `<Connect><Stream>` has no verb after it.
 */
import type { CallControl } from './call-control.ts';
import type { Timers } from './types.ts';

export const APOLOGY = 'סליחה, יש לנו תקלה טכנית ואיננו יכולים להמשיך את השיחה כרגע. נחזור אליכם בהקדם.';

export interface CallEndingOptions {
  callSid: string;
  control?: CallControl;
  timers: Timers;
  log: { info(fields: object, message: string): void; warn(fields: object, message: string): void };
  /** True when nothing more will be heard: no response in progress, all audio played. */
  played(): boolean;
  end(reason: string, code: number): void;
  goodbyeTimeoutMs?: number;
  pollMs?: number;
}

export interface CallEnding {
  /** The assistant hung up: end once the goodbye has played. */
  afterGoodbye(why?: string): void;
  /** No assistant any more: apologise (if possible) and end. */
  apologise(detail: string): void;
  /** The call ended anyway: stop waiting. */
  cancel(): void;
  /** Why we are ending the call, once we are (Twilio's `stop` may arrive first). */
  readonly reason: string | null;
}

export function createCallEnding(o: CallEndingOptions): CallEnding {
  const pollMs = o.pollMs ?? 100;
  const timeoutMs = o.goodbyeTimeoutMs ?? 15_000;
  let reason: string | null = null;
  let timer: unknown = null;
  let waitedMs = 0;

  function stopTimer(): void {
    if (timer !== null) o.timers.clearTimeout(timer);
    timer = null;
  }

  async function viaTwilio(what: 'hangUp' | 'say', code: number): Promise<void> {
    const why = reason as string;
    if (o.control) {
      try {
        const result =
          what === 'hangUp'
            ? await o.control.hangUp(o.callSid)
            : await o.control.sayAndHangUp(o.callSid, APOLOGY);
        o.log.info(
          { result },
          what === 'hangUp' ? 'call hung up through Twilio' : 'apology sent through Twilio',
        );
      } catch (err) {
        o.log.warn({ err: String(err) }, 'twilio REST: could not end the call, closing the stream');
      }
    }
    o.end(why, code);
  }

  function poll(): void {
    timer = null;
    if (o.played() || waitedMs >= timeoutMs) {
      if (waitedMs >= timeoutMs) o.log.warn({ waitedMs }, 'goodbye still playing: hanging up anyway');
      void viaTwilio('hangUp', 1000);
      return;
    }
    waitedMs += pollMs;
    timer = o.timers.setTimeout(poll, pollMs);
  }

  return {
    afterGoodbye(why) {
      if (reason !== null) return;
      reason = why ? `assistant ended the call: ${why}` : 'assistant ended the call';
      poll();
    },
    apologise(detail) {
      stopTimer();
      reason = detail;
      void viaTwilio('say', 1011);
    },
    cancel: stopTimer,
    get reason() {
      return reason;
    },
  };
}
