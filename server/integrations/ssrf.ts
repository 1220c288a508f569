/**
 * Where a business's webhook may point. In production a target that is, or resolves to, a
 * loopback, private, link-local (cloud metadata), CGNAT or otherwise internal address is
 * refused: otherwise a webhook is a way to make our server call our own network. Checked
 * when the endpoint is saved and again before every attempt (DNS may change in between).
 * Development and tests may use local receivers (n8n on localhost).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export type Resolve = (host: string) => Promise<string[]>;

export const systemResolve: Resolve = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

function v4Internal(ip: string): boolean {
  const [a = 0, b = 0] = ip.split('.').map(Number);
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // CGNAT
    (a === 169 && b === 254) || // link-local, cloud metadata
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224 // multicast, reserved, broadcast
  );
}

/** Whether an IP literal is one a webhook must never reach in production. */
export function isInternalAddress(ip: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(bare) === 4) return v4Internal(bare);
  if (isIP(bare) !== 6) return true; // not an address at all: refuse rather than guess
  const mapped = bare.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/);
  if (mapped?.[1]) return v4Internal(mapped[1]);
  return (
    bare === '::' ||
    bare === '::1' ||
    /^f[cd]/.test(bare) || // unique local
    /^fe[89ab]/.test(bare) || // link-local
    bare.startsWith('ff') || // multicast
    bare.startsWith('64:ff9b:') || // NAT64 can reach IPv4 internals
    bare.startsWith('2001:db8')
  );
}

/**
 * Why `url` may not be a webhook target, or null when it may. Production: https only and no
 * internal address behind the name; elsewhere: http(s) to anywhere.
 */
export async function targetProblem(
  url: string,
  opts: { production: boolean; resolve?: Resolve },
): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'must be http or https';
  if (parsed.username || parsed.password) return 'must not carry a user name or password';
  if (!opts.production) return null;
  if (parsed.protocol !== 'https:') return 'must be https';
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal')) {
    return 'must not be a local or internal address';
  }
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await (opts.resolve ?? systemResolve)(host);
  } catch {
    return 'has a host name that does not resolve';
  }
  if (addresses.length === 0) return 'has a host name that does not resolve';
  if (addresses.some(isInternalAddress)) return 'must not be a local or internal address';
  return null;
}
