import { defineConfig } from 'drizzle-kit';

// Only generates SQL from the schema; migrations are applied by the server at start.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
});
