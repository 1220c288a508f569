import { resolve } from 'node:path';

/** Where the shared audio fixtures live (raw 8 kHz mono μ-law, `<name>.ulaw`). */
export const DEFAULT_FIXTURES_DIR = resolve(import.meta.dir, '../calls/fixtures');

/**
 * Loads one fixture by name (`assistant-greeting`) or by path (anything containing a `/`
 * or ending in `.ulaw`). Throws with the resolved path when it is missing, so a typo in a
 * script fails at start-up rather than mid-call.
 */
export async function loadUlaw(nameOrPath: string, dir = DEFAULT_FIXTURES_DIR): Promise<Uint8Array> {
  const path =
    nameOrPath.includes('/') || nameOrPath.endsWith('.ulaw')
      ? resolve(dir, nameOrPath)
      : resolve(dir, `${nameOrPath}.ulaw`);
  const file = Bun.file(path);
  if (!(await file.exists())) throw new Error(`audio fixture not found: ${path}`);
  return new Uint8Array(await file.arrayBuffer());
}

/** μ-law silence: 0xFF decodes to linear 0. */
export const ULAW_SILENCE = 0xff;
