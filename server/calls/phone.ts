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
import { createCallTokens } from './call-token.ts';
import type { RecordingStore } from './recording/store.ts';
import { createTwilioStream, type TwilioStream } from './twilio-stream.ts';
import type { VoiceWebhookDeps } from './voice-webhook.ts';

export interface PhoneOptions {
  config: Pick<Config, 'publicBaseUrl' | 'twilio' | 'realtime'>;
  db: Database;
  /** The shared brain (its cache is invalidated by the assistant routes); default: one of its own. */
  brain?: CallBrain;
  /** Where recordings are written; absent: calls are not recorded. */
  recordings?: RecordingStore;
  /** Instead of the database lookup (tests). */
  findBusiness?: FindBusinessByNumber;
  /** Hands a live call to a person (a TwiML redirect: not built yet); absent: the request is left on the lead. */
  transfer?(callSid: string, reason: string): Promise<boolean>;
  /** Instead of Twilio's REST API built from `config.twilio` (tests); null: never use it. */
  control?: CallControl | null;
  log: Logger;
  /** Where calls are relayed instead of `config.realtime` (the in-process stand-in). */
  realtime?: { url: string; apiKey: string };
  /** Per-call tuning and test hooks (timeouts, retries, VAD, session limit, probes). */
  session?: Partial<Omit<CallSessionDeps, 'tokens' | 'log' | 'realtime' | 'services' | 'control'>>;
  /** Every call's summary once its record, recording and memory were written. */
  onCallEnd?(summary: CallSummary): void;
  tokenTtlMs?: number;
}

export interface Phone {
  webhook: VoiceWebhookDeps;
  stream: TwilioStream;
  services: CallServices;
}

export function createPhone(o: PhoneOptions): Phone {
  const findBusiness = o.findBusiness ?? businessByNumber(o.db);
  // A per-process key: tokens live 60 s and their single use is recorded in this process anyway.
  const tokens = createCallTokens({
    secret: crypto.getRandomValues(new Uint8Array(32)),
    ttlMs: o.tokenTtlMs ?? 60_000,
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
    transfer: o.transfer,
  });
  const stream = createTwilioStream({
    ...o.session,
    tokens,
    log: o.log,
    services,
    control,
    authToken,
    publicBaseUrl: config.publicBaseUrl,
    realtime: {
      url: o.realtime?.url ?? config.realtime.url,
      apiKey: o.realtime?.apiKey ?? config.realtime.apiKey ?? '',
      model: config.realtime.model,
    },
    onCallEnd: o.onCallEnd,
  });
  return {
    webhook: { authToken, publicBaseUrl: config.publicBaseUrl, findBusiness, tokens },
    stream,
    services,
  };
}
