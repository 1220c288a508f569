import type { Context } from 'hono';
import { getConnInfo } from 'hono/bun';

/**
 * The caller's IP: from the configured proxy header when the deployment sits behind one
 * (fly.io: fly-client-ip), else the socket's address.
 */
export function clientIp(c: Context, header?: string): string {
  if (header) {
    const value = c.req.header(header)?.split(',')[0]?.trim();
    if (value) return value;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // app.request() in tests has no socket
  }
}
