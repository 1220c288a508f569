import type { Role } from '../auth/permissions';
import type { Logger } from '../lib/logger';

/** Who is acting, as the session middleware established it. */
export interface Actor {
  userId: string;
  email: string;
  name: string;
  role: Role;
  businessId: string | null;
  ip: string;
  userAgent: string;
}

/** The one typed Hono environment: the variables middleware sets. */
export interface AppEnv {
  Variables: {
    requestId: string;
    log: Logger;
    ip: string;
    actor: Actor;
  };
}
