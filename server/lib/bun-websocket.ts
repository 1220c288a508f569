/**
 * Bun's WebSocket client accepts upgrade headers (`Authorization`, `X-Twilio-Signature`);
 * the DOM typings in this project's tsconfig only know the browser constructor, so the
 * Bun signature is restated here once.
 */
export const BunWebSocket = WebSocket as unknown as new (
  url: string,
  options?: Bun.WebSocketOptions,
) => WebSocket;
