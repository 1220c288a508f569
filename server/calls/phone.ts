/**
 * Assembles the phone path from the config: the voice webhook's dependencies (for
 * `createApp`) and the media-stream WebSocket (for `Bun.serve`), sharing one token store.
 * Used by main.ts, the end-to-end tests and the benchmark, so all three run the same wiring.
 */
import type { Config } from '../config';
import type { Database } from '../db/database';
import { businessByNumber, type FindBusinessByNumber } from './business-lookup.ts';
import type { CallLog, CallSessionDeps, CallSummary } from './call-session-types.ts';
import { createCallTokens } from './call-token.ts';
import { placeholderInstructions } from './instructions.ts';
import { createTwilioStream, type TwilioStream } from './twilio-stream.ts';
import type { VoiceWebhookDeps } from './voice-webhook.ts';

export interface PhoneOptions {
  config: Pick<Config, 'publicBaseUrl' | 'twilio' | 'realtime'>;
  db?: Database;
  /** Instead of the database lookup (tests). */
  findBusiness?: FindBusinessByNumber;
  log: CallLog;
  /** Where calls are relayed instead of `config.realtime` (the in-process stand-in). */
  realtime?: { url: string; apiKey: string };
  /** Per-call tuning and test hooks (timeouts, retries, VAD, probes). */
  session?: Partial<Omit<CallSessionDeps, 'tokens' | 'log' | 'realtime'>>;
  onCallEnd?(summary: CallSummary): void;
  tokenTtlMs?: number;
}

export interface Phone {
  webhook: VoiceWebhookDeps;
  stream: TwilioStream;
}

export function createPhone(o: PhoneOptions): Phone {
  const findBusiness = o.findBusiness ?? (o.db ? businessByNumber(o.db) : null);
  if (findBusiness === null) throw new Error('createPhone: needs db or findBusiness');
  // A per-process key: tokens live 60 s and their single use is recorded in this process anyway.
  const tokens = createCallTokens({
    secret: crypto.getRandomValues(new Uint8Array(32)),
    ttlMs: o.tokenTtlMs ?? 60_000,
  });
  const { config } = o;
  const stream = createTwilioStream({
    instructionsFor: placeholderInstructions,
    ...o.session,
    tokens,
    log: o.log,
    authToken: config.twilio.authToken,
    publicBaseUrl: config.publicBaseUrl,
    realtime: {
      url: o.realtime?.url ?? config.realtime.url,
      apiKey: o.realtime?.apiKey ?? config.realtime.apiKey ?? '',
      model: config.realtime.model,
      voice: config.realtime.voice,
    },
    onCallEnd: o.onCallEnd,
  });
  return {
    webhook: {
      authToken: config.twilio.authToken,
      publicBaseUrl: config.publicBaseUrl,
      findBusiness,
      tokens,
    },
    stream,
  };
}
