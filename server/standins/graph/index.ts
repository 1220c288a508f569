export {
  type GraphFailure,
  type GraphNumber,
  type GraphStandin,
  type GraphStandinOptions,
  type SentMessage,
  startGraphStandin,
} from './server.ts';
export {
  customerSends,
  deliverWebhook,
  failedStatusPayload,
  messagePayload,
  type Post,
  type WebhookTarget,
} from './webhook-sender.ts';
