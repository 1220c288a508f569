export type { Clock, ManualClock } from '../clock.ts';
export { createManualClock, createRealClock } from '../clock.ts';
export { waitUntil } from '../wait.ts';
export {
  type CallerAction,
  type CallerReport,
  runTwilioCaller,
  startTwilioCaller,
  TwilioCaller,
  type TwilioCallerOptions,
} from './caller.ts';
export type { AppToTwilio, TwilioToApp } from './messages.ts';
export { createPlayback, type HeardRange, heardMsBetween, type MarkRecord, mergeHeard } from './playback.ts';
export { signUpgrade, signWebhook, toLocalWsUrl } from './signing.ts';
export { parseTwiml, type StreamTwiml, type TwimlAnswer } from './twiml.ts';
