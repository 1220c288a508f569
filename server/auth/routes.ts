import { z } from 'zod';
import { DEFAULT_FEATURES } from '../../db/schema';
import type { RouteSpec } from '../http/route';
import type { SessionCookie } from '../http/session';
import { jsonBody } from '../http/validate';
import { AppError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { changePassword, updateProfile } from './account';
import type { Mailer } from './mailer';
import { requestPasswordReset, resetPassword } from './password-reset';
import { type AuthDeps, loadSessionUser, login } from './service';
import type { TokenService } from './tokens';

const loginBody = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(1024),
});

const profileBody = z.object({ name: z.string().trim().min(1).max(200) });
const passwordBody = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(1).max(1024),
});
const resetRequestBody = z.object({ email: z.string().trim().min(3).max(320) });
const resetBody = z.object({ token: z.string().min(1).max(200), password: z.string().min(1).max(1024) });

export interface AuthRouteDeps extends AuthDeps {
  tokens: TokenService;
  cookie: SessionCookie;
  /** Sends reset links; without one, password reset is not offered. */
  mailer?: Mailer;
  publicBaseUrl: string;
  log: Logger;
}

export function authRoutes(deps: AuthRouteDeps): RouteSpec[] {
  const where = (c: Parameters<RouteSpec['handler']>[0]) => ({
    ip: c.var.ip,
    userAgent: c.req.header('user-agent') ?? '',
  });
  const resetDeps = (mailer: Mailer) => ({ ...deps, mailer });
  const notOffered = () => new AppError(404, 'reset_not_offered', 'Password reset is not offered here');
  return [
    {
      method: 'POST',
      path: '/auth/login',
      access: 'public',
      async handler(c) {
        const body = await jsonBody(c, loginBody);
        const { user, tokenVersion } = await login(deps, {
          ...body,
          ip: c.var.ip,
          userAgent: c.req.header('user-agent') ?? '',
        });
        const { token } = await deps.tokens.issue({ ...user, tokenVersion });
        deps.cookie.write(c, token);
        return c.json({
          user: {
            id: user.id,
            email: user.email,
            name: user.name,
            role: user.role,
            businessId: user.businessId,
          },
        });
      },
    },
    {
      method: 'POST',
      path: '/auth/logout',
      access: 'public',
      handler(c) {
        deps.cookie.clear(c);
        return c.body(null, 204);
      },
    },
    {
      method: 'GET',
      path: '/auth/me',
      access: 'authenticated',
      async handler(c) {
        const a = c.var.actor;
        const u = await loadSessionUser(deps.db, a.userId, a.businessId);
        return c.json({
          user: { id: a.userId, email: a.email, name: a.name, role: a.role, businessId: a.businessId },
          business:
            a.businessId && u?.businessName
              ? {
                  id: a.businessId,
                  name: u.businessName,
                  // What the dashboard shows (payments, contracts); the API checks the flags itself.
                  features: { ...DEFAULT_FEATURES, ...u.businessFeatures },
                }
              : null,
        });
      },
    },
    {
      method: 'PATCH',
      path: '/auth/profile',
      access: 'authenticated',
      async handler(c) {
        const user = await updateProfile(deps, c.var.actor, await jsonBody(c, profileBody));
        return c.json({ user });
      },
    },
    {
      method: 'POST',
      path: '/auth/password',
      access: 'authenticated',
      async handler(c) {
        const { user, tokenVersion } = await changePassword(
          deps,
          c.var.actor,
          await jsonBody(c, passwordBody),
        );
        // Every other session ended with the old token version; this one goes on with a new token.
        const { token } = await deps.tokens.issue({ ...user, tokenVersion });
        deps.cookie.write(c, token);
        return c.body(null, 204);
      },
    },
    {
      method: 'GET',
      path: '/auth/password-reset',
      access: 'public',
      handler(c) {
        return c.json({ offered: deps.mailer !== undefined });
      },
    },
    {
      method: 'POST',
      path: '/auth/password-reset/request',
      access: 'public',
      async handler(c) {
        if (!deps.mailer) throw notOffered();
        const body = await jsonBody(c, resetRequestBody);
        // The same answer whether or not the address has an account.
        await requestPasswordReset(resetDeps(deps.mailer), { email: body.email, ...where(c) });
        return c.json({ requested: true }, 202);
      },
    },
    {
      method: 'POST',
      path: '/auth/password-reset',
      access: 'public',
      async handler(c) {
        // Open without a mailer too: an owner's invitation link is handed over by hand there.
        const body = await jsonBody(c, resetBody);
        await resetPassword(deps, { ...body, ...where(c) });
        return c.body(null, 204);
      },
    },
  ];
}
