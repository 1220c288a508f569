export type { Clock, ManualClock } from '../clock.ts';
export { createManualClock, createRealClock } from '../clock.ts';
export { waitUntil } from '../wait.ts';
export { realtimeErrors } from './events.ts';
export type { SessionRecord } from './record.ts';
export { DEFAULT_PACING, type Pacing } from './responder.ts';
export {
  type LoadedScript,
  loadRealtimeScript,
  loadRealtimeScriptFile,
  type RealtimeScript,
  RealtimeScriptSchema,
  type ScriptTurn,
} from './script.ts';
export {
  EXAMPLE_SCRIPT_PATH,
  type RealtimeStandin,
  type RealtimeStandinOptions,
  startRealtimeStandin,
} from './server.ts';
export { DEFAULT_SPEECH_DETECTOR } from './speech-detector.ts';
