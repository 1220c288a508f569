/**
 * AWS Signature Version 4 as an S3 service checks it: the `Authorization` header form and the
 * presigned-URL form (`X-Amz-*` query parameters). The stand-in refuses what real S3 would
 * refuse, so a client that signs wrongly fails here first.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export type SigV4Result = { ok: true; accessKeyId: string } | { ok: false; code: string; message: string };

const hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding, as SigV4 wants it (everything but unreserved characters). */
export function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalQuery(params: URLSearchParams, skip?: string): string {
  return [...params.entries()]
    .filter(([k]) => k !== skip)
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** `20261201T200357Z` → a Date; null when malformed. */
function amzDate(s: string | null): Date | null {
  const m = s ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s) : null;
  if (!m) return null;
  const [y, mo, d, h, mi, sec] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, sec));
}

function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

const fail = (code: string, message: string): SigV4Result => ({ ok: false, code, message });

/**
 * Verifies a request's signature against the known credentials. `body` is needed only when
 * the client signed the payload's hash (otherwise `UNSIGNED-PAYLOAD`).
 */
export function verifySigV4(
  req: Request,
  body: Uint8Array,
  credentials: readonly Credentials[],
  now = new Date(),
): SigV4Result {
  const url = new URL(req.url);
  const auth = req.headers.get('authorization');
  const presigned = url.searchParams.get('X-Amz-Algorithm');
  let credential: string;
  let signedHeaders: string;
  let signature: string;
  let date: Date | null;
  let payloadHash: string;
  let query: string;
  if (auth) {
    const m = /^AWS4-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
    if (!m) return fail('AuthorizationHeaderMalformed', 'the authorization header is malformed');
    [, credential, signedHeaders, signature] = m as unknown as [string, string, string, string];
    date = amzDate(req.headers.get('x-amz-date'));
    payloadHash = req.headers.get('x-amz-content-sha256') ?? '';
    if (!payloadHash) return fail('InvalidRequest', 'x-amz-content-sha256 is missing');
    if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== hex(body)) {
      return fail('XAmzContentSHA256Mismatch', 'the body does not match x-amz-content-sha256');
    }
    if (!date || Math.abs(now.getTime() - date.getTime()) > 15 * 60_000) {
      return fail('RequestTimeTooSkewed', 'the request time is too far from the server time');
    }
    query = canonicalQuery(url.searchParams);
  } else if (presigned === 'AWS4-HMAC-SHA256') {
    credential = url.searchParams.get('X-Amz-Credential') ?? '';
    signedHeaders = url.searchParams.get('X-Amz-SignedHeaders') ?? '';
    signature = url.searchParams.get('X-Amz-Signature') ?? '';
    date = amzDate(url.searchParams.get('X-Amz-Date'));
    const expires = Number(url.searchParams.get('X-Amz-Expires'));
    if (!date || !Number.isInteger(expires) || expires < 1 || expires > 604_800) {
      return fail('AuthorizationQueryParametersError', 'the presigned URL is malformed');
    }
    if (now.getTime() > date.getTime() + expires * 1000) {
      return fail('AccessDenied', 'Request has expired');
    }
    payloadHash = 'UNSIGNED-PAYLOAD';
    query = canonicalQuery(url.searchParams, 'X-Amz-Signature');
  } else {
    return fail('AccessDenied', 'Access Denied');
  }
  const [accessKeyId, day, region, service, terminator] = credential.split('/');
  const known = credentials.find((c) => c.accessKeyId === accessKeyId);
  if (!known) return fail('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist');
  if (!day || !region || service !== 's3' || terminator !== 'aws4_request') {
    return fail('AuthorizationHeaderMalformed', 'the credential scope is malformed');
  }
  const names = signedHeaders.split(';');
  if (!names.includes('host')) return fail('AccessDenied', 'host must be signed');
  const headers = names
    .map((n) => `${n}:${(req.headers.get(n) ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const canonical = [req.method, url.pathname, query, headers, signedHeaders, payloadHash].join('\n');
  const amz = (date as Date)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amz, scope, hex(canonical)].join('\n');
  const expected = createHmac('sha256', signingKey(known.secretAccessKey, day, region, service))
    .update(toSign)
    .digest();
  const given = Buffer.from(signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return fail(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided',
    );
  }
  return { ok: true, accessKeyId: known.accessKeyId };
}

/** Headers that sign a request in the header form with an unsigned payload (tests' raw requests). */
export function signV4(
  method: string,
  url: string,
  c: Credentials,
  region: string,
  now = new Date(),
): Record<string, string> {
  const u = new URL(url);
  const amz = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amz.slice(0, 8);
  const headers = { host: u.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'x-amz-date': amz };
  const names = Object.keys(headers).sort();
  const canonical = [
    method,
    u.pathname,
    canonicalQuery(u.searchParams),
    names.map((n) => `${n}:${headers[n as keyof typeof headers]}\n`).join(''),
    names.join(';'),
    'UNSIGNED-PAYLOAD',
  ].join('\n');
  const scope = `${day}/${region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amz, scope, hex(canonical)].join('\n');
  const signature = createHmac('sha256', signingKey(c.secretAccessKey, day, region, 's3'))
    .update(toSign)
    .digest('hex');
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${c.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
  };
}
