/**
 * Session tokens: HS256 JWTs via hono/jwt, always with exp, iat, iss, aud and the
 * user's token version. hono's verify() checks exp/iat only when present, so every
 * claim's presence is checked here too: a token missing any of them is refused.
 */
import { sign, verify } from 'hono/jwt';
import type { Role } from './permissions';
import { ROLES } from './permissions';

export interface TokenSettings {
  secret: string;
  ttlSeconds: number;
  maxSessionSeconds: number;
  issuer: string;
  audience: string;
}

export interface SessionClaims {
  sub: string;
  role: Role;
  bid: string | null;
  tv: number;
  /** When the session began (seconds); sliding renewal never goes past maxSessionSeconds. */
  sat: number;
  iat: number;
  exp: number;
}

export function createTokenService(settings: TokenSettings, now: () => number = () => Date.now()) {
  const nowSec = () => Math.floor(now() / 1000);
  return {
    async issue(
      user: { id: string; role: Role; businessId: string | null; tokenVersion: number },
      sessionStart?: number,
    ) {
      const iat = nowSec();
      const sat = sessionStart ?? iat;
      const exp = Math.min(iat + settings.ttlSeconds, sat + settings.maxSessionSeconds);
      const payload = {
        sub: user.id,
        role: user.role,
        bid: user.businessId,
        tv: user.tokenVersion,
        sat,
        iat,
        exp,
        iss: settings.issuer,
        aud: settings.audience,
      };
      return { token: await sign(payload, settings.secret, 'HS256'), claims: payload as SessionClaims };
    },
    /** The verified claims, or null for any token that is not a current, complete session token. */
    async verify(token: string): Promise<SessionClaims | null> {
      let p: Record<string, unknown>;
      try {
        p = await verify(token, settings.secret, {
          alg: 'HS256',
          iss: settings.issuer,
          aud: settings.audience,
          exp: true,
          iat: true,
          nbf: true,
        });
      } catch {
        return null;
      }
      const complete =
        typeof p.sub === 'string' &&
        typeof p.exp === 'number' &&
        typeof p.iat === 'number' &&
        typeof p.sat === 'number' &&
        typeof p.tv === 'number' &&
        p.iss === settings.issuer &&
        p.aud === settings.audience &&
        (p.bid === null || typeof p.bid === 'string') &&
        ROLES.includes(p.role as Role);
      if (!complete) return null;
      if (nowSec() >= (p.exp as number) || (p.sat as number) + settings.maxSessionSeconds <= nowSec())
        return null;
      return p as unknown as SessionClaims;
    },
  };
}
export type TokenService = ReturnType<typeof createTokenService>;
