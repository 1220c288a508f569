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
  messagesChange,
  type Post,
  type WebhookTarget,
  webhookDelivery,
} from './webhook-sender.ts';
