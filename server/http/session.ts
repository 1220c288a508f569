/**
 * The session: an HS256 JWT in an HttpOnly cookie. Every request re-reads the user, so
 * disabling a user or changing their password or role (which bumps the token version)
 * ends their sessions at once. A token past half its life is renewed (sliding), never
 * beyond the absolute session maximum.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { loadSessionUser } from '../auth/service';
import type { SessionClaims, TokenService } from '../auth/tokens';
import type { Database } from '../db/database';
import { actorForApiKey, auditKeyRequest } from '../integrations/api-keys';
import type { RateLimiter } from '../integrations/rate-limit';
import { TooManyRequestsError, UnauthorizedError } from '../lib/errors';
import type { AppEnv } from './env';

export interface SessionCookieSettings {
  secure: boolean;
  ttlSeconds: number;
}

export function sessionCookie(settings: SessionCookieSettings) {
  // In production the __Host- prefix pins the cookie to this exact origin, over HTTPS.
  const prefix = settings.secure ? ('host' as const) : undefined;
  const name = 'prosaas_session';
  return {
    read: (c: Context) => getCookie(c, name, prefix),
    write(c: Context, token: string) {
      setCookie(c, name, token, {
        httpOnly: true,
        sameSite: 'Lax',
        secure: settings.secure,
        path: '/',
        maxAge: settings.ttlSeconds,
        prefix,
      });
    },
    clear: (c: Context) => deleteCookie(c, name, { path: '/', secure: settings.secure, prefix }),
  };
}
export type SessionCookie = ReturnType<typeof sessionCookie>;

export function requireSession(deps: {
  db: Database;
  tokens: TokenService;
  cookie: SessionCookie;
  ttlSeconds: number;
  /** Requests per API key; without it `Authorization: Bearer` is not accepted. */
  apiKeyLimiter?: RateLimiter;
  now?: () => number;
}): MiddlewareHandler<AppEnv> {
  const now = deps.now ?? Date.now;
  const limiter = deps.apiKeyLimiter;
  return async function session(c, next) {
    const bearer = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (bearer && limiter) {
      // An API key: no cookie, so no CSRF exposure. Counted before any work is done.
      const wait = limiter.take(new Bun.CryptoHasher('sha256').update(bearer).digest('hex'));
      if (wait > 0) throw new TooManyRequestsError(wait, 'Too many requests for this API key');
      const actor = await actorForApiKey(deps.db, bearer, {
        ip: c.var.ip,
        userAgent: c.req.header('user-agent') ?? '',
      });
      if (!actor) throw new UnauthorizedError('Unknown or revoked API key');
      c.set('actor', actor);
      await next();
      if (c.req.method !== 'GET' && c.res.status < 400) {
        // The change has committed: a failed audit write is logged, never turned into an error.
        await auditKeyRequest(deps.db, actor, {
          method: c.req.method,
          path: c.req.path,
          status: c.res.status,
        }).catch((err) =>
          c.var.log.error({ err: String(err), apiKeyId: actor.apiKeyId }, 'API key request not audited'),
        );
      }
      return;
    }
    const token = deps.cookie.read(c);
    const claims = token ? await deps.tokens.verify(token) : null;
    if (!claims) throw new UnauthorizedError();
    const user = await loadSessionUser(deps.db, claims.sub, claims.bid);
    if (
      !user ||
      user.disabled ||
      !user.businessActive ||
      user.tokenVersion !== claims.tv ||
      user.role !== claims.role
    ) {
      deps.cookie.clear(c);
      throw new UnauthorizedError('Session ended');
    }
    c.set('actor', {
      userId: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      businessId: user.businessId,
      ip: c.var.ip,
      userAgent: c.req.header('user-agent') ?? '',
    });
    if (isPastHalfLife(claims, deps.ttlSeconds, now())) {
      const { token: fresh } = await deps.tokens.issue(user, claims.sat);
      deps.cookie.write(c, fresh);
    }
    await next();
  };
}

function isPastHalfLife(claims: SessionClaims, ttlSeconds: number, nowMs: number) {
  return nowMs / 1000 - claims.iat > ttlSeconds / 2;
}
