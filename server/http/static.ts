/**
 * Serves the built dashboard: hashed assets cached for a year, index.html never cached,
 * and index.html for any other GET so the client router handles deep links.
 */
import { existsSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import type { Handler } from 'hono';
import type { AppEnv } from './env';

export function serveDashboard(distDir: string): Handler<AppEnv> {
  const root = normalize(distDir) + sep;
  const index = join(distDir, 'index.html');
  return async function dashboard(c) {
    const path = decodeURIComponent(new URL(c.req.url).pathname);
    const candidate = normalize(join(distDir, path));
    if (candidate.startsWith(root) && !candidate.endsWith(sep)) {
      const file = Bun.file(candidate);
      if (await file.exists()) {
        const immutable = path.startsWith('/assets/');
        c.header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
        return c.body(await file.arrayBuffer(), 200, { 'Content-Type': file.type });
      }
    }
    if (!existsSync(index)) {
      return c.text('The dashboard is not built yet: run `bun run build`.', 503);
    }
    c.header('Cache-Control', 'no-cache');
    return c.html(await Bun.file(index).text());
  };
}
