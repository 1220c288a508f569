/**
 * Builds the HTTP application from its dependencies. No I/O happens here: main.ts (or
 * a test) opens the database and builds the clients, then hands them in.
 */
import { join } from 'node:path';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { Brain } from './agent/brain';
import { assistantRoutes } from './agent/routes';
import type { LoginThrottle } from './auth/login-throttle';
import type { PasswordHasher } from './auth/passwords';
import { can } from './auth/permissions';
import { authRoutes } from './auth/routes';
import type { TokenService } from './auth/tokens';
import { billingRoutes } from './billing/routes';
import { businessRoutes } from './businesses/routes';
import { createRecordingStore, type RecordingStore } from './calls/recording/store';
import { callRoutes } from './calls/routes';
import { type VoiceWebhookDeps, voiceWebhook } from './calls/voice-webhook';
import type { Config } from './config';
import type { Database } from './db/database';
import { clientIp } from './http/client-ip';
import type { AppEnv } from './http/env';
import { errorBody, handleError, handleNotFound } from './http/errors';
import type { RouteSpec } from './http/route';
import { requireSession, sessionCookie } from './http/session';
import { serveDashboard } from './http/static';
import { leadRoutes } from './leads/routes';
import { ForbiddenError } from './lib/errors';
import type { Logger } from './lib/logger';
import { createNotificationHub, type NotificationHub } from './notifications/hub';
import { notificationRoutes } from './notifications/routes';
import { overviewRoutes } from './overview/routes';
import { reminderRoutes } from './reminders/routes';
import { schedulingRoutes } from './scheduling/routes';
import { taskRoutes } from './tasks/routes';
import { userRoutes } from './users/routes';
import { metaWebhook } from './whatsapp/meta/webhook';
import { whatsappRoutes } from './whatsapp/routes';
import type { WhatsAppServiceDeps } from './whatsapp/service';

export interface AppDeps {
  config: Config;
  db: Database;
  log: Logger;
  hasher: PasswordHasher;
  tokens: TokenService;
  throttle: LoginThrottle;
  /** The built dashboard (client/dist); omitted → API only. */
  dashboardDir?: string;
  /** Twilio's voice webhook; omitted → no phone calls. */
  calls?: VoiceWebhookDeps;
  /** Call recordings; default: DATA_DIR/recordings. */
  recordings?: RecordingStore;
  /** The assistant shared by calls and WhatsApp; its cache is invalidated by the assistant routes. */
  brain?: Pick<Brain, 'invalidate'>;
  /** Live notifications for this process's open dashboards; built here when omitted (LISTENs on first use). */
  notificationHub?: NotificationHub;
  /** The business's WhatsApp link (server/whatsapp/module.ts); omitted → no WhatsApp routes. */
  whatsapp?: WhatsAppServiceDeps;
}

export function createApp(deps: AppDeps) {
  const { config, db, log } = deps;
  const cookie = sessionCookie({ secure: config.isProduction, ttlSeconds: config.jwt.ttlSeconds });
  const routes: RouteSpec[] = [
    ...authRoutes({ db, hasher: deps.hasher, throttle: deps.throttle, tokens: deps.tokens, cookie }),
    ...businessRoutes({ db }),
    ...userRoutes({ db, hasher: deps.hasher }),
    ...overviewRoutes({ db }),
    ...schedulingRoutes({ db }),
    ...leadRoutes({ db }),
    ...assistantRoutes({ db, changed: (businessId) => deps.brain?.invalidate(businessId) }),
    ...callRoutes({
      db,
      recordings: deps.recordings ?? createRecordingStore(join(config.dataDir, 'recordings')),
    }),
    ...taskRoutes({ db }),
    ...notificationRoutes({ db, hub: deps.notificationHub ?? createNotificationHub({ db, log }) }),
    ...reminderRoutes({ db }),
    ...billingRoutes({ db }),
    ...(deps.whatsapp ? whatsappRoutes({ db, whatsapp: deps.whatsapp }) : []),
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
  app.use(
    bodyLimit({
      maxSize: config.bodyLimitBytes,
      onError: (c) =>
        c.json(errorBody('payload_too_large', `Body larger than ${config.bodyLimitBytes} bytes`), 413),
    }),
  );

  app.get('/health', async (c) => {
    try {
      await db.ping();
      return c.json({ status: 'ok', db: 'ok' });
    } catch {
      return c.json({ status: 'unavailable', db: 'unreachable' }, 503);
    }
  });

  // Twilio's webhook: authenticated by its signature, outside /api and never behind csrf().
  if (deps.calls) app.post('/twilio/voice', voiceWebhook(deps.calls));
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

  const session = requireSession({ db, tokens: deps.tokens, cookie, ttlSeconds: config.jwt.ttlSeconds });
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
