/**
 * The only reader of the environment. Parses it once into a typed, validated Config,
 * reporting every problem at once. Everything else receives the Config (or a slice of it).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    DATABASE_URL: optionalString.pipe(z.url().optional()),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    DATA_DIR: z.string().default('./data'),
    PUBLIC_BASE_URL: optionalString.pipe(z.url().optional()),
    JWT_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
    SESSION_TTL_MINUTES: z.coerce.number().int().min(1).max(120).default(15),
    SESSION_MAX_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(12),
    ADMIN_EMAIL: optionalString.pipe(z.email().optional()),
    ADMIN_PASSWORD: optionalString,
    SECRETS_KEY: optionalString.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 bytes, base64 (openssl rand -base64 32)')
        .optional(),
    ),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    CLIENT_IP_HEADER: optionalString,
    BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(256 * 1024),
    DEMO_DATA: z.enum(['on', 'off', 'auto']).default('auto'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    for (const key of ['JWT_SECRET', 'SECRETS_KEY', 'PUBLIC_BASE_URL'] as const) {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required in production' });
    }
    if (env.DEMO_DATA === 'on') {
      ctx.addIssue({
        code: 'custom',
        path: ['DEMO_DATA'],
        message: 'demo data is never created in production',
      });
    }
    if (env.ADMIN_EMAIL && !env.ADMIN_PASSWORD) {
      ctx.addIssue({ code: 'custom', path: ['ADMIN_PASSWORD'], message: 'is required with ADMIN_EMAIL' });
    }
  });

export interface Config {
  env: 'development' | 'production' | 'test';
  isProduction: boolean;
  port: number;
  host: string;
  databaseUrl?: string;
  databasePoolSize: number;
  dataDir: string;
  publicBaseUrl: string;
  jwt: { secret: string; ttlSeconds: number; maxSessionSeconds: number; issuer: string; audience: string };
  admin?: { email: string; password: string };
  secretsKey: string;
  logLevel: (typeof LOG_LEVELS)[number];
  clientIpHeader?: string;
  bodyLimitBytes: number;
  demoData: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads a development secret from DATA_DIR, creating it on first use. Never used in production. */
function devSecret(dataDir: string, name: string, make: () => string): string {
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const value = make();
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return value;
}

const randomBase64 = (bytes: number) =>
  Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString('base64');

/** Parses an environment (Bun.env by default). Throws ConfigError listing every problem. */
export function loadConfig(source: Record<string, string | undefined> = Bun.env): Config {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const env = parsed.data;
  const isProduction = env.NODE_ENV === 'production';
  const dataDir = resolve(env.DATA_DIR);
  const publicBaseUrl = (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  const jwtSecret = env.JWT_SECRET ?? devSecret(dataDir, 'jwt-secret', () => randomBase64(48));
  const secretsKey = env.SECRETS_KEY ?? devSecret(dataDir, 'secrets-key', () => randomBase64(32));
  return {
    env: env.NODE_ENV,
    isProduction,
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    dataDir,
    publicBaseUrl,
    jwt: {
      secret: jwtSecret,
      ttlSeconds: env.SESSION_TTL_MINUTES * 60,
      maxSessionSeconds: env.SESSION_MAX_HOURS * 3600,
      issuer: 'prosaas',
      audience: 'prosaas-dashboard',
    },
    admin:
      env.ADMIN_EMAIL && env.ADMIN_PASSWORD
        ? { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }
        : undefined,
    secretsKey,
    logLevel: env.LOG_LEVEL,
    clientIpHeader: env.CLIENT_IP_HEADER?.toLowerCase(),
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    demoData: env.DEMO_DATA === 'on' || (env.DEMO_DATA === 'auto' && !isProduction),
  };
}
