/**
 * The call's opening, once the business's session is known: its cached greeting plays at once,
 * through the pacer like any assistant audio; without one, the model's spoken greeting is
 * caught (greeting capture) so the next calls can play it from the cache.
 */
import type { CallPrelude, CallServices } from '../call-services.ts';
import type { CallEvent } from '../events.ts';
import type { LiveCall } from '../live-call.ts';
import { createGreetingCapture, greetingPlaybackEvents } from './cached-greeting.ts';

export function startGreeting(
  live: LiveCall,
  p: CallPrelude,
  itemId: string,
  o: { step: (event: CallEvent) => void; keepGreeting: CallServices['keepGreeting'] },
): void {
  if (live.state !== 'live' || !live.call) return;
  const cached = p.cachedGreeting;
  if (cached) {
    live.greeting = { itemId, text: p.greetingKey.text, durationMs: cached.durationMs };
    for (const ev of greetingPlaybackEvents(cached, itemId)) o.step(ev);
    live.log.debug({ durationMs: cached.durationMs }, 'greeting: playing the cached audio');
    return;
  }
  if (!p.greetingKey.text) return;
  const { businessId } = live.call;
  live.capture = createGreetingCapture({
    text: p.greetingKey.text,
    interruptions: () => live.machine?.stats.interruptions ?? 0,
    onCaptured: (audio) => void o.keepGreeting(businessId, p.greetingKey, audio),
    onRejected: (reason) => live.log.info({ reason }, 'greeting: not cached'),
  });
}
