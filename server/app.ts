/**
 * Builds the HTTP application from its dependencies. No I/O happens here: main.ts (or
 * a test) opens the database and builds the clients, then hands them in.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { assistantRoutes } from './agent/routes';
import type { LoginThrottle } from './auth/login-throttle';
import type { Mailer } from './auth/mailer';
import type { PasswordHasher } from './auth/passwords';
import { can } from './auth/permissions';
import { authRoutes } from './auth/routes';
import type { TokenService } from './auth/tokens';
import { billingRoutes } from './billing/routes';
import { businessChanges } from './businesses/changes';
import { businessRoutes } from './businesses/routes';
import { callTimeline } from './calls/call-timeline';
import { type CallFeed, createCallFeed } from './calls/live/call-feed';
import type { LiveCalls } from './calls/live/live-calls';
import { recordingStoreFor } from './calls/recording/open-store';
import type { RecordingStore } from './calls/recording/store';
import { callRoutes } from './calls/routes';
import { mountTwilioWebhooks, type TwilioWebhookDeps } from './calls/twilio-webhooks';
import type { Config } from './config';
import type { Database } from './db/database';
import { clientIp } from './http/client-ip';
import type { AppEnv } from './http/env';
import { errorBody, handleError, handleNotFound } from './http/errors';
import type { RouteSpec } from './http/route';
import { requireSession, sessionCookie } from './http/session';
import { serveDashboard } from './http/static';
import { createRateLimiter, type RateLimit } from './integrations/rate-limit';
import { integrationRoutes } from './integrations/routes';
import { leadRoutes } from './leads/routes';
import { LEAD_TIMELINE_SOURCES } from './leads/timeline';
import type { TimelineSource } from './leads/timeline-source';
import { ForbiddenError } from './lib/errors';
import type { Logger } from './lib/logger';
import type { SecretBox } from './lib/secrets';
import { createNotificationHub, type NotificationHub } from './notifications/hub';
import { notificationRoutes } from './notifications/routes';
import { overviewRoutes } from './overview/routes';
import { reminderRoutes } from './reminders/routes';
import { schedulingRoutes } from './scheduling/routes';
import { appointmentTimeline } from './scheduling/timeline';
import { taskRoutes } from './tasks/routes';
import { taskTimeline } from './tasks/timeline';
import { userRoutes } from './users/routes';
import { createInboxHub, type InboxHub } from './whatsapp/inbox/live';
import { inboxRoutes } from './whatsapp/inbox/routes';
import type { MediaStore } from './whatsapp/media/store';
import { META_WEBHOOK_BODY_LIMIT, metaWebhook } from './whatsapp/meta/webhook';
import { whatsappRoutes } from './whatsapp/routes';
import type { WhatsAppServiceDeps } from './whatsapp/service';
import { messageTimeline } from './whatsapp/timeline';

export interface AppDeps {
  config: Config;
  db: Database;
  log: Logger;
  hasher: PasswordHasher;
  tokens: TokenService;
  throttle: LoginThrottle;
  /** The built dashboard (client/dist); omitted → API only. */
  dashboardDir?: string;
  /** Twilio's webhooks (voice, status, transfers); omitted → no phone calls. */
  calls?: TwilioWebhookDeps;
  /** Call recordings; default: the configured store (DATA_DIR/recordings unless RECORDINGS_URL). */
  recordings?: RecordingStore;
  /** Live notifications for this process's open dashboards; built here when omitted (LISTENs on first use). */
  notificationHub?: NotificationHub;
  /** Changes to calls and live calls for open dashboards (server/calls/live); built here when omitted. */
  callFeed?: CallFeed;
  /** The calls in progress on this process (server/calls/live/live-calls.ts), for the dashboard. */
  liveCalls?: LiveCalls;
  /** The business's WhatsApp link (server/whatsapp/module.ts); omitted → no WhatsApp routes. */
  whatsapp?: WhatsAppServiceDeps & { media?: MediaStore };
  /** Live inbox changes for this process's open inboxes; built here when omitted (LISTENs on first use). */
  inboxHub?: InboxHub;
  /** Seals webhook secrets; default: the WhatsApp link's box. Neither → no webhook or API-key routes. */
  box?: SecretBox;
  /** Requests per API key (default 120 a minute). */
  apiKeyLimit?: RateLimit;
  /** Sends password reset links (server/auth/mailer.ts); omitted → reset is not offered. */
  mailer?: Mailer;
}

/** A lead's timeline: its own history, then each domain's (each registers its source here). */
const LEAD_TIMELINE: readonly TimelineSource[] = [
  ...LEAD_TIMELINE_SOURCES,
  appointmentTimeline,
  callTimeline,
  taskTimeline,
  messageTimeline,
];

export function createApp(deps: AppDeps) {
  const { config, db, log } = deps;
  const cookie = sessionCookie({ secure: config.isProduction, ttlSeconds: config.jwt.ttlSeconds });
  const box = deps.box ?? deps.whatsapp?.box;
  // Every process's caches of the business (its agent, its calls' plan) forget it.
  const changed = (businessId: string) => void businessChanges(db, log).announce(businessId);
  const routes: RouteSpec[] = [
    ...authRoutes({
      db,
      hasher: deps.hasher,
      throttle: deps.throttle,
      tokens: deps.tokens,
      cookie,
      mailer: deps.mailer,
      publicBaseUrl: config.publicBaseUrl,
      log,
    }),
    ...businessRoutes({
      db,
      hasher: deps.hasher,
      mailer: deps.mailer,
      publicBaseUrl: config.publicBaseUrl,
      log,
    }),
    ...userRoutes({ db, hasher: deps.hasher }),
    ...overviewRoutes({ db }),
    ...schedulingRoutes({ db }),
    ...leadRoutes({ db, timeline: LEAD_TIMELINE }),
    ...assistantRoutes({ db, changed }),
    ...callRoutes({
      db,
      changed,
      recordings: deps.recordings ?? recordingStoreFor(config.recordings),
      feed: deps.callFeed ?? createCallFeed({ db, log }),
      live: deps.liveCalls,
    }),
    ...taskRoutes({ db }),
    ...notificationRoutes({ db, hub: deps.notificationHub ?? createNotificationHub({ db, log }) }),
    ...reminderRoutes({ db }),
    ...billingRoutes({ db }),
    ...(deps.whatsapp ? whatsappRoutes({ db, whatsapp: deps.whatsapp }) : []),
    ...(deps.whatsapp?.media
      ? inboxRoutes({ db, media: deps.whatsapp.media, hub: deps.inboxHub ?? createInboxHub({ db, log }) })
      : []),
    ...(box ? integrationRoutes({ db, box, production: config.isProduction }) : []),
  ];

  const app = new Hono<AppEnv>();
  app.onError(handleError);
  app.notFound(handleNotFound);

  app.use(requestId());
  app.use(async function requestLog(c, next) {
    const started = performance.now();
    c.set('ip', clientIp(c, config.clientIpHeader));
    c.set('log', log.child({ requestId: c.var.requestId }));
    await next();
    c.var.log.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });
  app.use(
    secureHeaders({
      strictTransportSecurity: 'max-age=31536000; includeSubDomains',
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'same-origin',
    }),
  );
  const limited = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: (c) => c.json(errorBody('payload_too_large', `Body larger than ${maxSize} bytes`), 413),
    });
  // Meta's webhook takes Meta's largest payload; everything else keeps the API's small limit.
  const apiLimit = limited(config.bodyLimitBytes);
  const webhookLimit = limited(Math.max(config.bodyLimitBytes, META_WEBHOOK_BODY_LIMIT));
  app.use(function sizeLimit(c, next) {
    return (c.req.path === '/whatsapp/webhook' ? webhookLimit : apiLimit)(c, next);
  });

  app.get('/health', async (c) => {
    try {
      await db.ping();
      return c.json({ status: 'ok', db: 'ok' });
    } catch {
      return c.json({ status: 'unavailable', db: 'unreachable' }, 503);
    }
  });

  // Twilio's webhooks: authenticated by their signature, outside /api and never behind csrf().
  if (deps.calls) mountTwilioWebhooks(app, deps.calls);
  // Meta's WhatsApp webhook: authenticated by its signature over the raw body, likewise outside /api.
  if (deps.whatsapp) {
    const webhook = metaWebhook({
      db,
      appSecret: config.meta.appSecret,
      verifyToken: config.meta.verifyToken,
    });
    app.get('/whatsapp/webhook', webhook.verify);
    app.post('/whatsapp/webhook', webhook.receive);
  }

  // The cookie-authenticated API only: webhooks (Twilio, Meta) must never sit behind csrf().
  const allowedOrigins = [new URL(config.publicBaseUrl).origin];
  if (!config.isProduction) allowedOrigins.push('http://localhost:5173', 'http://127.0.0.1:5173');
  app.use('/api/*', csrf({ origin: allowedOrigins }));

  const session = requireSession({
    db,
    tokens: deps.tokens,
    cookie,
    ttlSeconds: config.jwt.ttlSeconds,
    apiKeyLimiter: box ? createRateLimiter(deps.apiKeyLimit) : undefined,
  });
  for (const route of routes) {
    const handlers = route.access === 'public' ? [] : [session];
    if (route.access !== 'public' && route.access !== 'authenticated') {
      const action = route.access;
      handlers.push(async function permission(c, next) {
        if (!can(c.var.actor.role, action)) throw new ForbiddenError();
        await next();
      });
    }
    app.on([route.method], [`/api${route.path}`], ...handlers, route.handler);
  }
  app.all('/api/*', handleNotFound);

  if (deps.dashboardDir) app.get('*', serveDashboard(deps.dashboardDir));
  return { app, routes };
}
