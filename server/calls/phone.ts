/**
 * Assembles the phone path from the config: the voice webhook's dependencies (for
 * `createApp`) and the media-stream WebSocket (for `Bun.serve`), sharing one token store,
 * with the assistant's brain, the call records and the recordings behind each call.
 * Used by main.ts, the end-to-end tests and the benchmark, so all three run the same wiring.
 */
import { createBrain } from '../agent/brain';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { Logger } from '../lib/logger';
import { businessByNumber, type FindBusinessByNumber } from './business-lookup.ts';
import { type CallControl, createTwilioCallControl } from './call-control.ts';
import { type CallBrain, type CallServices, createCallServices } from './call-services.ts';
import type { CallSessionDeps, CallSummary } from './call-session-types.ts';
import { callTokenKey, createCallTokens } from './call-token.ts';
import { createGreetingStore } from './greeting/greeting-store.ts';
import { recordCallRinging } from './lifecycle/ringing.ts';
import type { RecordingStore } from './recording/store.ts';
import { createCallTransfers } from './transfer/call-transfer.ts';
import { createTwilioStream, type TwilioStream } from './twilio-stream.ts';
import { STATUS_PATH, type TwilioWebhookDeps } from './twilio-webhooks.ts';
import { createWarmSessions, type WarmSessions } from './warm/warm-sessions.ts';

export interface PhoneOptions {
  config: Pick<Config, 'publicBaseUrl' | 'twilio' | 'realtime' | 'jwt'>;
  db: Database;
  /** The shared brain (changes reach its cache over businessChanges); default: one of its own. */
  brain?: CallBrain;
  /** Where recordings are written; absent: calls are not recorded. */
  recordings?: RecordingStore;
  /** Instead of the database lookup (tests). */
  findBusiness?: FindBusinessByNumber;
  /** Instead of Twilio's REST API built from `config.twilio` (tests); null: never use it. */
  control?: CallControl | null;
  log: Logger;
  /** Where calls are relayed instead of `config.realtime` (the in-process stand-in). */
  realtime?: { url: string; apiKey: string };
  /** Per-call tuning and test hooks (timeouts, retries, VAD, session limit, probes). */
  session?: Partial<Omit<CallSessionDeps, 'log' | 'realtime' | 'services' | 'control'>>;
  /** Every call's summary once its record, recording and memory were written. */
  onCallEnd?(summary: CallSummary): void;
  tokenTtlMs?: number;
  /** Open the upstream session on the voice webhook (default true). */
  warmStart?: boolean;
  /** How long a warm session waits for its stream (default 8 s). */
  warmIdleMs?: number;
}

export interface Phone {
  webhook: TwilioWebhookDeps;
  stream: TwilioStream;
  services: CallServices;
  warm: WarmSessions | null;
}

export function createPhone(o: PhoneOptions): Phone {
  const findBusiness = o.findBusiness ?? businessByNumber(o.db);
  // Rows in the database, signed with a key every process derives alike: the webhook and
  // the stream may reach different processes.
  const tokens = createCallTokens({
    db: o.db,
    secret: callTokenKey(o.config.jwt.secret),
    ttlMs: o.tokenTtlMs,
  });
  const { config } = o;
  const { accountSid, authToken, apiBaseUrl } = config.twilio;
  const control =
    o.control === undefined
      ? accountSid
        ? createTwilioCallControl({ accountSid, authToken, apiBaseUrl })
        : undefined
      : (o.control ?? undefined);
  const services = createCallServices({
    db: o.db,
    brain: o.brain ?? createBrain({ db: o.db, log: o.log }),
    log: o.log,
    recordings: o.recordings,
    fallbackVoice: config.realtime.voice,
    model: config.realtime.model,
    greetings: createGreetingStore(o.db, { log: o.log }),
  });
  const transfers = createCallTransfers({
    control,
    publicBaseUrl: config.publicBaseUrl,
    statusCallbackPath: STATUS_PATH,
    log: o.log,
  });
  const realtime = {
    url: o.realtime?.url ?? config.realtime.url,
    apiKey: o.realtime?.apiKey ?? config.realtime.apiKey ?? '',
    model: config.realtime.model,
  };
  const warm =
    o.warmStart === false
      ? null
      : createWarmSessions({
          services,
          realtime,
          upstream: o.session?.upstream,
          upstreamVad: o.session?.upstreamVad,
          log: o.log,
          idleMs: o.warmIdleMs,
        });
  const stream = createTwilioStream({
    ...o.session,
    tokens,
    log: o.log,
    services,
    control,
    transfers,
    warm: warm ?? undefined,
    authToken,
    publicBaseUrl: config.publicBaseUrl,
    realtime,
    onCallEnd: o.onCallEnd,
  });
  return {
    webhook: {
      authToken,
      publicBaseUrl: config.publicBaseUrl,
      findBusiness,
      tokens,
      db: o.db,
      warm: warm ? (call) => warm.prepare(call) : undefined,
      ringing(call) {
        // A failure costs the row until the stream's start writes it, never the call.
        return recordCallRinging(o.db, call).catch((err) =>
          o.log.warn({ err: String(err), callSid: call.callSid }, 'call: could not record the ringing call'),
        );
      },
    },
    stream,
    services,
    warm,
  };
}
