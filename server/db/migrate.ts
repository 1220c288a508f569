/**
 * The release command: applies the committed migrations as the database owner, then
 * exits. The server applies them at start too (idempotent), so a plain start also works.
 */
import { loadConfig } from '../config';
import { openDatabase, pgliteDir } from './database';

const config = loadConfig();
const db = await openDatabase({
  url: config.databaseUrl,
  dataDir: config.databaseUrl ? undefined : pgliteDir(config.dataDir),
  poolSize: 1,
});
await db.close();
console.log(`migrations applied (${db.kind})`);
