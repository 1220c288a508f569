import type { Context } from 'hono';
import type { Action } from '../auth/permissions';
import type { AppEnv } from './env';

/**
 * One row of the route table. The app mounts every row with the guard its `access`
 * names, and the role × route matrix test walks the same rows.
 */
export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path under /api, in Hono's syntax. */
  path: string;
  /** The permission needed; 'authenticated' for any signed-in user; 'public' for none. */
  access: Action | 'authenticated' | 'public';
  handler: (c: Context<AppEnv>) => Response | Promise<Response>;
}
