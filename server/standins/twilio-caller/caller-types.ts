import type { Clock } from '../clock.ts';
import type { DialRecord, StaffMember } from './dial-leg.ts';
import type { HeardRange, MarkRecord } from './playback.ts';
import type { TwimlAnswer } from './twiml.ts';

/** Something the caller does, at ms since the stream started. `say` takes a fixture name or μ-law bytes. */
export type CallerAction =
  | { atMs: number; say: string | Uint8Array }
  | { atMs: number; dtmf: string }
  | { atMs: number; hangup: true };

export interface TwilioCallerOptions {
  /** Where the app listens, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** The app's public URL as configured (the URL Twilio signs), e.g. `https://app.example.com`. */
  publicBaseUrl: string;
  authToken: string;
  /** Where a public `wss://` stream URL lands locally; default `baseUrl` with a ws scheme. */
  wsBaseUrl?: string;
  /** Default `/twilio/voice`. */
  voicePath?: string;
  accountSid?: string;
  callSid?: string;
  from?: string;
  to?: string;
  /** Extra webhook form fields. */
  extraParams?: Record<string, string>;
  actions?: CallerAction[];
  fixturesDir?: string;
  /**
   * The number's status callback (IncomingPhoneNumber `StatusCallback`), a path on
   * `publicBaseUrl`: when the call is over, its final status is posted there, signed.
   */
  statusCallbackPath?: string;
  /** Twilio cannot open the media stream (the app's socket is unreachable): the call just ends. */
  streamUnreachable?: boolean;
  /**
   * Twilio's REST API (the stand-in): the call is registered there once answered, and an
   * update of its TwiML is followed as Twilio would (the stream stops, `<Say>`, `<Dial>`, the
   * dial's action, a new `<Connect><Stream>`); `status=completed` hangs up.
   */
  rest?: { register(call: import('../twilio-rest/index.ts').RestCall): void };
  /** Who answers a `<Dial>` (default: nobody, `no-answer`). */
  staff?: StaffMember;
  /** Sign with this token instead of `authToken` (to test that forged requests are refused). */
  signingToken?: string;
  clock?: Clock;
}

export interface CallerReport {
  callSid: string;
  accountSid: string;
  streamSid: string;
  webhook: { status: number; body: string; params: Record<string, string> } | null;
  twiml: TwimlAnswer | null;
  stream: { publicUrl: string; localUrl: string; customParameters: Record<string, string> } | null;
  /** Clock time the `start` message was sent: the origin of every `…Ms` below. */
  startedAt: number | null;
  framesSent: number;
  dtmfSent: Array<{ digit: string; atMs: number }>;
  stoppedAtMs: number | null;
  closed: { code: number; reason: string; atMs: number } | null;
  /** Received audio as it played, merged into contiguous ranges. */
  heard: HeardRange[];
  /** The bytes that played, in order. */
  heardAudio: Uint8Array;
  marks: MarkRecord[];
  clears: number[];
  /** Messages from the app, counted by event. */
  received: Record<string, number>;
  /** What Twilio would have refused or ignored. */
  errors: string[];
  /** `<Say>` texts the caller heard from TwiML (not the stream). */
  said: string[];
  /** Every `<Dial>` Twilio placed for this call. */
  dials: DialRecord[];
  /** Media streams this call had (a second one: back from a transfer). */
  streams: number;
}
