/**
 * Every route Twilio calls, mounted by `createApp` outside `/api` and never behind csrf():
 * each is authenticated by `X-Twilio-Signature` over the public URL (twilio-form.ts). The
 * voice webhook answers a ringing call; the status callback records how calls and transfer
 * legs went; the transfer routes whisper to the staff member and say how the dial ended.
 */
import type { Hono } from 'hono';
import type { Database } from '../db/database';
import type { AppEnv } from '../http/env';
import { statusWebhook } from './lifecycle/status-webhook.ts';
import { mountTransferWebhooks } from './transfer/transfer-webhooks.ts';
import { type VoiceWebhookDeps, voiceWebhook } from './voice-webhook.ts';

export const STATUS_PATH = '/twilio/status';

export interface TwilioWebhookDeps extends VoiceWebhookDeps {
  db: Database;
}

export function mountTwilioWebhooks(app: Hono<AppEnv>, deps: TwilioWebhookDeps): void {
  app.post('/twilio/voice', voiceWebhook(deps));
  app.post(STATUS_PATH, statusWebhook(deps));
  mountTransferWebhooks(app, deps);
}
