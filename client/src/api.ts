/**
 * The dashboard's one HTTP client. Same-origin JSON only: the session is an HttpOnly
 * cookie the browser sends by itself, so no token ever passes through this code.
 * Every non-2xx answer becomes an `ApiError` built from the server's error shape
 * `{ error: { code, message, details? } }`.
 */

export type ErrorCode =
  | 'validation_failed'
  | 'invalid_credentials'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'too_many_attempts'
  | 'weak_password'
  /** The request never reached the server (offline, DNS, CORS). */
  | 'network_error'
  /** The server answered with something that is not the error shape. */
  | 'http_error';

export type ErrorDetails = { fields?: Record<string, string> } & Record<string, unknown>;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: ErrorCode | (string & {}),
    message: string,
    readonly details?: ErrorDetails,
    /** Seconds to wait, from the `Retry-After` header (429 answers). */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { Accept: 'application/json' }
          : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (cause) {
    throw new ApiError(0, 'network_error', cause instanceof Error ? cause.message : 'network error');
  }
  if (res.ok) {
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }
  throw await toApiError(res);
}

/** Builds the ApiError for a non-2xx answer; a body that is not the error shape becomes `http_error`. */
export async function toApiError(res: Response): Promise<ApiError> {
  const retryAfter = parseRetryAfter(res.headers.get('Retry-After'));
  const payload = await res.json().catch(() => null);
  const error = isErrorShape(payload) ? payload.error : null;
  if (!error) return new ApiError(res.status, 'http_error', res.statusText, undefined, retryAfter);
  return new ApiError(res.status, error.code, error.message ?? '', error.details, retryAfter);
}

type ErrorShape = { error: { code: string; message?: string; details?: ErrorDetails } };

function isErrorShape(value: unknown): value is ErrorShape {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
  );
}

/** Retry-After is either delay-seconds or an HTTP date; both become whole seconds ≥ 0. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: (path: string) => request<void>('DELETE', path),
};

/**
 * `path` with the defined, non-empty params as its query string, in the order given:
 * `withQuery('/api/leads', { q: 'דנה', status: undefined })` → `/api/leads?q=%D7%93…`.
 */
export function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}
