/**
 * Where customers' photos, files and voice notes are kept: files under a directory
 * (DATA_DIR/whatsapp-media), one per message at `<businessId>/<inboundId>`. The database
 * keeps the key; a key that is not of that shape is refused before any I/O.
 */
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';

export interface MediaStore {
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes, or null when the key is not ours or nothing is there. */
  open(key: string): Promise<Blob | null>;
  remove(key: string): Promise<void>;
}

const KEY = /^[0-9a-f-]{36}\/[0-9a-f-]{36}$/;
export const mediaKey = (businessId: string, inboundId: string) => `${businessId}/${inboundId}`;

export function createMediaStore(root: string): MediaStore {
  const full = (key: string) => {
    const path = normalize(join(root, key));
    return KEY.test(key) && path.startsWith(normalize(root)) ? path : null;
  };
  return {
    async put(key, bytes) {
      const path = full(key);
      if (!path) throw new Error('media store: not a media key');
      await mkdir(dirname(path), { recursive: true });
      await Bun.write(path, bytes);
    },
    async open(key) {
      const path = full(key);
      if (!path) return null;
      const file = Bun.file(path);
      return (await file.exists()) ? file : null;
    },
    async remove(key) {
      const path = full(key);
      if (path) await rm(path, { force: true });
    },
  };
}
