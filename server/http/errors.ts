/** Maps every failure to one JSON shape: {error: {code, message, details?}}. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isDatabaseUnavailable, pgErrorCode, UNIQUE_VIOLATION } from '../db/pg-error';
import { AppError, TooManyRequestsError } from '../lib/errors';
import type { AppEnv } from './env';

/** What a 503 for a database fault asks the client to wait before trying again. */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

export function errorBody(code: string, message: string, details?: Record<string, unknown>) {
  return { error: details ? { code, message, details } : { code, message } };
}

export function handleError(err: Error, c: Context<AppEnv>) {
  if (err instanceof AppError) {
    if (err instanceof TooManyRequestsError) c.header('Retry-After', String(err.retryAfterSeconds));
    return c.json(errorBody(err.code, err.message, err.details), err.status);
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const code = status === 413 ? 'payload_too_large' : status === 403 ? 'forbidden' : 'http_error';
    return c.json(errorBody(code, err.message || 'Request refused'), status);
  }
  if (pgErrorCode(err) === UNIQUE_VIOLATION) {
    return c.json(errorBody('conflict', 'Already exists'), 409);
  }
  if (isDatabaseUnavailable(err)) {
    // The connection dropped (a failover, a restart, a killed backend): nothing was
    // acknowledged, and the pool reconnects on its own within a second or two.
    c.var.log?.warn({ err: String(err), code: pgErrorCode(err) }, 'database unavailable');
    c.header('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    return c.json(errorBody('database_unavailable', 'The database is unavailable; try again shortly'), 503);
  }
  c.var.log?.error({ err }, 'unhandled error');
  return c.json(errorBody('internal', 'Something went wrong'), 500);
}

export function handleNotFound(c: Context<AppEnv>) {
  return c.json(errorBody('not_found', 'No such route'), 404);
}
