/** What a message carries that is fetched apart from the webhook: a photo, a file, audio. */
export interface MediaRef {
  /** Meta's media id; for Baileys, the message's own id (its keys are in `baileys`). */
  id: string;
  mime?: string;
  filename?: string;
  /** Recorded in WhatsApp (a voice note) rather than a file sent. */
  voice?: boolean;
  /** Baileys: what downloading it needs (url, directPath, mediaKey as base64). */
  baileys?: Record<string, string | number | undefined>;
}
