import { z } from 'zod';
import { BUSINESS_STATUSES } from '../../db/schema';
import type { Mailer } from '../auth/mailer';
import { passwordLinkUrl } from '../auth/password-reset';
import type { PasswordHasher } from '../auth/passwords';
import type { Database } from '../db/database';
import type { Actor } from '../http/env';
import { phoneField } from '../http/fields';
import type { RouteSpec } from '../http/route';
import { jsonBody } from '../http/validate';
import type { Logger } from '../lib/logger';
import { invitationMail, type OwnerInvite } from './owner-invite';
import {
  createBusiness,
  createBusinessWithOwner,
  getBusiness,
  isTimeZone,
  listBusinesses,
  updateBusiness,
} from './service';

const name = z.string().trim().min(1).max(200);
const timezone = z.string().refine(isTimeZone, 'is not a known time zone');
const phoneNumbers = z.array(phoneField).max(20);

const createBody = z
  .object({
    name,
    phoneNumbers: phoneNumbers.min(1),
    timezone: timezone.optional(),
    // Its owner, invited by a link that sets their password.
    owner: z
      .object({ email: z.email().max(320), name })
      .strict()
      .optional(),
  })
  .strict();
const updateBody = z
  .object({
    name: name.optional(),
    timezone: timezone.optional(),
    status: z.enum(BUSINESS_STATUSES).optional(),
    features: z
      .object({ payments: z.boolean().optional(), contracts: z.boolean().optional() })
      .strict()
      .optional(),
    phoneNumbers: phoneNumbers.optional(),
  })
  .strict();

export interface BusinessRouteDeps {
  db: Database;
  hasher: PasswordHasher;
  /** Mails the owner's invitation; without one, the link is returned to the system admin. */
  mailer?: Mailer;
  publicBaseUrl: string;
  log: Logger;
}

export function businessRoutes(deps: BusinessRouteDeps): RouteSpec[] {
  const ctx = (actor: Actor) => ({ db: deps.db, actor });
  return [
    {
      method: 'GET',
      path: '/businesses',
      access: 'business.read',
      handler: async (c) => c.json({ businesses: await listBusinesses(ctx(c.var.actor)) }),
    },
    {
      method: 'POST',
      path: '/businesses',
      access: 'business.create',
      async handler(c) {
        const { owner, ...body } = await jsonBody(c, createBody);
        if (!owner) return c.json({ business: await createBusiness(ctx(c.var.actor), body) }, 201);
        const made = await createBusinessWithOwner(ctx(c.var.actor), deps, { ...body, owner });
        const invite = made.owner as OwnerInvite;
        const ownerView = { id: invite.userId, email: invite.email, name: invite.name };
        if (!deps.mailer) {
          // Shown once to the system admin, who passes it on; never stored (only its hash is).
          const inviteLink = passwordLinkUrl(deps.publicBaseUrl, invite.token);
          return c.json(
            { business: made.business, owner: { ...ownerView, invitation: 'link', inviteLink } },
            201,
          );
        }
        deps.mailer
          .send(invitationMail(deps.publicBaseUrl, made.business.name, invite))
          .catch((err: unknown) => {
            deps.log.error({ err, businessId: made.business.id }, 'owner invitation mail could not be sent');
          });
        return c.json({ business: made.business, owner: { ...ownerView, invitation: 'mailed' } }, 201);
      },
    },
    {
      method: 'GET',
      path: '/businesses/:id',
      access: 'business.read',
      handler: async (c) =>
        c.json({ business: await getBusiness(ctx(c.var.actor), c.req.param('id') ?? '') }),
    },
    {
      method: 'PATCH',
      path: '/businesses/:id',
      access: 'business.update',
      async handler(c) {
        const body = await jsonBody(c, updateBody);
        return c.json({ business: await updateBusiness(ctx(c.var.actor), c.req.param('id') ?? '', body) });
      },
    },
  ];
}
