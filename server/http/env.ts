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
  /** Set when the request was made with an API key (server/integrations/api-keys.ts). */
  apiKeyId?: string;
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
