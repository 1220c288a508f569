import { z } from 'zod';
import { DEFAULT_FEATURES } from '../../db/schema';
import type { RouteSpec } from '../http/route';
import type { SessionCookie } from '../http/session';
import { jsonBody } from '../http/validate';
import { type AuthDeps, loadSessionUser, login } from './service';
import type { TokenService } from './tokens';

const loginBody = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(1024),
});

export function authRoutes(deps: AuthDeps & { tokens: TokenService; cookie: SessionCookie }): RouteSpec[] {
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
  ];
}
