/**
 * WhatsApp's media servers for the fake WhatsApp Web: a customer's photo, file or voice
 * note is encrypted exactly as a phone uploads it (Baileys' own encryptedStream: AES-256-CBC
 * under keys expanded from a random media key, the MAC appended) and served over HTTP, so
 * Baileys' downloadContentFromMessage fetches and decrypts it as it does from WhatsApp.
 *
 * The message carries the file's `url` and no `directPath` (as older clients' messages do):
 * given a directPath, Baileys always fetches https://<host><directPath>, which a local
 * stand-in cannot serve.
 */
import { unlink } from 'node:fs/promises';
import { encryptedStream, type MediaType } from '@whiskeysockets/baileys';

/** What a media message carries about its file (imageMessage, audioMessage, documentMessage…). */
export interface UploadedMedia {
  url: string;
  mediaKey: Uint8Array;
  fileLength: number;
  fileSha256: Uint8Array;
  fileEncSha256: Uint8Array;
}

export interface MediaHost {
  upload(bytes: Uint8Array, type: MediaType): Promise<UploadedMedia>;
  /** How many times each file was fetched, by its path. */
  readonly fetches: ReadonlyMap<string, number>;
  stop(): Promise<void>;
}

export function createMediaHost(): MediaHost {
  const files = new Map<string, ArrayBuffer>();
  const fetches = new Map<string, number>();
  let server: ReturnType<typeof Bun.serve> | undefined;
  const start = () => {
    server ??= Bun.serve({
      port: 0,
      hostname: '127.0.0.1',
      fetch(req) {
        const path = new URL(req.url).pathname;
        const file = files.get(path);
        if (!file) return new Response('not found', { status: 404 });
        fetches.set(path, (fetches.get(path) ?? 0) + 1);
        return new Response(file, { headers: { 'content-type': 'application/octet-stream' } });
      },
    });
    return server;
  };
  return {
    async upload(bytes, type) {
      const enc = await encryptedStream(Buffer.from(bytes), type);
      const encrypted = await Bun.file(enc.encFilePath).arrayBuffer();
      await unlink(enc.encFilePath).catch(() => {});
      const path = `/v/t62.7117-24/${crypto.randomUUID()}.enc`;
      files.set(path, encrypted);
      return {
        url: `http://127.0.0.1:${start().port}${path}`,
        mediaKey: new Uint8Array(enc.mediaKey),
        fileLength: enc.fileLength,
        fileSha256: new Uint8Array(enc.fileSha256),
        fileEncSha256: new Uint8Array(enc.fileEncSha256),
      };
    },
    fetches,
    async stop() {
      await server?.stop(true);
      server = undefined;
    },
  };
}
