/**
 * The composition root: the only place that reads the configuration, opens the
 * database, builds the clients and starts listening.
 */
import { join } from 'node:path';
import { createApp } from './app';
import { createLoginThrottle } from './auth/login-throttle';
import { createPasswordHasher } from './auth/passwords';
import { createTokenService } from './auth/tokens';
import { ConfigError, loadConfig } from './config';
import { openDatabase, pgliteDir } from './db/database';
import { demoBanner, seed } from './demo/seed';
import { createLogger } from './lib/logger';

function configOrExit() {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

const config = configOrExit();
const log = createLogger(config.logLevel);
const db = await openDatabase({
  url: config.databaseUrl,
  dataDir: config.databaseUrl ? undefined : pgliteDir(config.dataDir),
  poolSize: config.databasePoolSize,
});
log.info({ database: db.kind }, 'database ready, migrations applied');

const hasher = createPasswordHasher();
const { demoCreated } = await seed({ db, hasher, log, admin: config.admin, demo: config.demoData });

const { app } = createApp({
  config,
  db,
  log,
  hasher,
  tokens: createTokenService(config.jwt),
  throttle: createLoginThrottle(),
  dashboardDir: join(import.meta.dir, '../client/dist'),
});

const server = Bun.serve({ port: config.port, hostname: config.host, fetch: app.fetch });
log.info({ url: `http://localhost:${server.port}`, publicBaseUrl: config.publicBaseUrl }, 'listening');
if (demoCreated && !config.isProduction) console.log(demoBanner(`http://localhost:${server.port}`));

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down: finishing in-flight requests');
  await server.stop(false);
  await db.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
