/**
 * The only reader of the environment. Parses it once into a typed, validated Config,
 * reporting every problem at once. Everything else receives the Config (or a slice of it).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
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
    // Password reset mail; without it, development logs the link and production offers no reset.
    SMTP_URL: optionalString.pipe(
      z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
    ),
    MAIL_FROM: optionalString,
    OPENAI_API_KEY: optionalString,
    OPENAI_REALTIME_URL: z
      .url({ protocol: /^wss?$/, error: 'must be a ws:// or wss:// URL' })
      .default('wss://api.openai.com/v1/realtime'),
    OPENAI_REALTIME_MODEL: z.string().trim().min(1).default('gpt-realtime'),
    OPENAI_VOICE: z.string().trim().min(1).default('cedar'),
    OPENAI_BASE_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .default('https://api.openai.com/v1'),
    OPENAI_CHAT_MODEL: z.string().trim().min(1).default('gpt-4o-mini'),
    OPENAI_DATE_MODEL: z.string().trim().min(1).default('gpt-4o-mini'),
    /** Transcribes customers' WhatsApp voice notes. */
    OPENAI_TRANSCRIBE_MODEL: z.string().trim().min(1).default('gpt-4o-mini-transcribe'),
    OPENAI_EMBEDDING_MODEL: z.string().trim().min(1).default('text-embedding-3-small'),
    FAQ_EMBEDDING_MIN_SIMILARITY: z.coerce.number().min(0).max(1).default(0.4),
    TWILIO_AUTH_TOKEN: optionalString,
    TWILIO_ACCOUNT_SID: optionalString.pipe(
      z
        .string()
        .regex(/^AC[0-9a-fA-F]{32}$/, 'must be an account SID (AC followed by 32 hex digits)')
        .optional(),
    ),
    TWILIO_API_BASE_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .default('https://api.twilio.com'),
    META_GRAPH_BASE_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .default('https://graph.facebook.com'),
    META_GRAPH_API_VERSION: z
      .string()
      .regex(/^v\d+\.\d+$/, 'must look like v23.0')
      .default('v23.0'),
    META_APP_SECRET: optionalString,
    META_WEBHOOK_VERIFY_TOKEN: optionalString,
    STANDINS: z.enum(['on', 'off', 'auto']).default('auto'),
    RECORDINGS_URL: optionalString,
    // Bun's and AWS's usual names: the S3_* form first, then the AWS_* one (fly's Tigris sets
    // AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL_S3, AWS_REGION, BUCKET_NAME).
    S3_ACCESS_KEY_ID: optionalString,
    AWS_ACCESS_KEY_ID: optionalString,
    S3_SECRET_ACCESS_KEY: optionalString,
    AWS_SECRET_ACCESS_KEY: optionalString,
    S3_SESSION_TOKEN: optionalString,
    AWS_SESSION_TOKEN: optionalString,
    S3_ENDPOINT: optionalString.pipe(
      z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
    ),
    AWS_ENDPOINT_URL_S3: optionalString.pipe(
      z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
    ),
    AWS_ENDPOINT_URL: optionalString.pipe(
      z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
    ),
    S3_REGION: optionalString,
    AWS_REGION: optionalString,
    JOB_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
    NOTIFICATION_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    OUTBOX_PAYLOAD_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    WORKERS: z.coerce.number<string | undefined>().int().min(1).max(64).optional(),
    // Set by the first process for the ones it starts (server/lib/workers.ts), never by hand.
    PROSAAS_WORKER_INDEX: z.coerce.number().int().min(0).max(63).default(0),
  })
  .superRefine((env, ctx) => {
    if ((env.WORKERS ?? 1) > 1 && !env.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['WORKERS'],
        message: 'more than 1 needs DATABASE_URL (the embedded PGlite lives in one process)',
      });
    }
    const recordings = parseRecordingsUrl(env.RECORDINGS_URL);
    if (typeof recordings === 'string') {
      ctx.addIssue({ code: 'custom', path: ['RECORDINGS_URL'], message: recordings });
    } else if (recordings?.kind === 's3') {
      if (!(env.S3_ACCESS_KEY_ID ?? env.AWS_ACCESS_KEY_ID)) {
        ctx.addIssue({
          code: 'custom',
          path: ['S3_ACCESS_KEY_ID'],
          message: 'is required with an s3:// RECORDINGS_URL (or AWS_ACCESS_KEY_ID)',
        });
      }
      if (!(env.S3_SECRET_ACCESS_KEY ?? env.AWS_SECRET_ACCESS_KEY)) {
        ctx.addIssue({
          code: 'custom',
          path: ['S3_SECRET_ACCESS_KEY'],
          message: 'is required with an s3:// RECORDINGS_URL (or AWS_SECRET_ACCESS_KEY)',
        });
      }
    }
    if (env.NODE_ENV !== 'production') return;
    for (const key of ['JWT_SECRET', 'SECRETS_KEY', 'PUBLIC_BASE_URL', 'TWILIO_AUTH_TOKEN'] as const) {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required in production' });
    }
    if (!env.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: 'is required in production (the embedded PGlite is for development and tests)',
      });
    }
    if (!env.RECORDINGS_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['RECORDINGS_URL'],
        message:
          'is required in production: s3://bucket/prefix (any S3-compatible storage), or file:///path on one machine with a volume',
      });
    }
    if (env.DEMO_DATA === 'on') {
      ctx.addIssue({
        code: 'custom',
        path: ['DEMO_DATA'],
        message: 'demo data is never created in production',
      });
    }
    if (env.STANDINS === 'on') {
      ctx.addIssue({ code: 'custom', path: ['STANDINS'], message: 'stand-ins never run in production' });
    }
    if (env.ADMIN_EMAIL && !env.ADMIN_PASSWORD) {
      ctx.addIssue({ code: 'custom', path: ['ADMIN_PASSWORD'], message: 'is required with ADMIN_EMAIL' });
    }
  });

/** Where call recordings are kept: a directory (one machine) or an S3-compatible bucket. */
export type RecordingsConfig =
  | { kind: 'local'; dir: string }
  | {
      kind: 's3';
      bucket: string;
      /** '' or ending in '/'. */
      prefix: string;
      endpoint?: string;
      region?: string;
      accessKeyId: string;
      secretAccessKey: string;
      sessionToken?: string;
    };

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** `s3://bucket/prefix` or `file:///absolute/path`; a string is the problem with it. */
function parseRecordingsUrl(
  value: string | undefined,
): { kind: 's3'; bucket: string; prefix: string } | { kind: 'local'; dir: string } | string | undefined {
  if (value === undefined) return undefined;
  const s3 = /^s3:\/\/([^/]+)\/?(.*)$/.exec(value);
  if (s3) {
    const [, bucket = '', rest = ''] = s3;
    if (!BUCKET.test(bucket))
      return `"${bucket}" is not a bucket name (3-63 lowercase letters, digits, dots, hyphens)`;
    const prefix = rest.replace(/^\/+|\/+$/g, '');
    return { kind: 's3', bucket, prefix: prefix ? `${prefix}/` : '' };
  }
  if (value.startsWith('file:///'))
    return { kind: 'local', dir: decodeURIComponent(value.slice('file://'.length)) };
  return 'must be s3://bucket/prefix or file:///absolute/path';
}

export interface Config {
  env: 'development' | 'production' | 'test';
  isProduction: boolean;
  port: number;
  host: string;
  databaseUrl?: string;
  databasePoolSize: number;
  /** Server processes sharing the port (reusePort); default: the cores on PostgreSQL, 1 on PGlite. */
  workers: number;
  /** This process's place among them: 0 starts the others. */
  workerIndex: number;
  dataDir: string;
  /** Default (development, tests): DATA_DIR/recordings. */
  recordings: RecordingsConfig;
  publicBaseUrl: string;
  jwt: { secret: string; ttlSeconds: number; maxSessionSeconds: number; issuer: string; audience: string };
  admin?: { email: string; password: string };
  secretsKey: string;
  logLevel: (typeof LOG_LEVELS)[number];
  clientIpHeader?: string;
  bodyLimitBytes: number;
  demoData: boolean;
  /** Password reset mail (server/auth/mailer.ts). */
  mail: { smtpUrl?: string; from: string };
  /** The OpenAI Realtime endpoint calls are relayed to (`?model=` is added per call). */
  realtime: { url: string; model: string; voice: string; apiKey?: string };
  /**
   * Verifies Twilio's webhook and media-stream signatures; with an account SID, the REST API
   * (ending a call the assistant hung up) at `apiBaseUrl`.
   */
  twilio: { authToken: string; accountSid?: string; apiBaseUrl: string };
  /** Start the Realtime stand-in in-process and relay calls to it instead of `realtime.url`. */
  realtimeStandin: boolean;
  /** OpenAI's REST API: WhatsApp replies (chat) and the fallback for dates the parser misses. */
  openai: { baseUrl: string; chatModel: string; dateModel: string; transcribeModel: string; apiKey?: string };
  /**
   * FAQ confirmation by embedding similarity, a second wall behind the precision rule: on only
   * with a real OpenAI key (the stand-in's trigram vectors are too weak; without it, the rule
   * alone decides). The threshold is chosen with `bun run faq:threshold`.
   */
  faqEmbeddings?: { model: string; minSimilarity: number };
  /** The WhatsApp Cloud API (per-business credentials are stored sealed, not configured here). */
  meta: {
    graphBaseUrl: string;
    apiVersion: string;
    /** Signs Meta's webhook POSTs; unset in production → the webhook answers 503 (and says so in the log). */
    appSecret?: string;
    /** Meta echoes it when it checks the webhook subscription. */
    verifyToken?: string;
  };
  /**
   * Development: businesses' WhatsApp runs on the local stand-ins (a Graph API server and a
   * fake WhatsApp Web that pairs itself), since WhatsApp cannot be reached without a phone.
   */
  whatsappStandin: boolean;
  /**
   * Days kept by the daily retention job (server/retention/): finished jobs after they
   * finished, notifications after they were read, a sent message's delivery payload.
   */
  retention: { jobDays: number; notificationDays: number; outboxPayloadDays: number };
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

function recordingsConfig(env: z.infer<typeof schema>, dataDir: string): RecordingsConfig {
  const parsed = parseRecordingsUrl(env.RECORDINGS_URL);
  if (parsed === undefined || typeof parsed === 'string')
    return { kind: 'local', dir: join(dataDir, 'recordings') };
  if (parsed.kind === 'local') return parsed;
  return {
    ...parsed,
    endpoint: env.S3_ENDPOINT ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL,
    region: env.S3_REGION ?? env.AWS_REGION,
    // Checked by the schema above.
    accessKeyId: (env.S3_ACCESS_KEY_ID ?? env.AWS_ACCESS_KEY_ID) as string,
    secretAccessKey: (env.S3_SECRET_ACCESS_KEY ?? env.AWS_SECRET_ACCESS_KEY) as string,
    sessionToken: env.S3_SESSION_TOKEN ?? env.AWS_SESSION_TOKEN,
  };
}

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
  // Optional in production too (a deployment may use Baileys only); never invented there.
  const devOnly = (make: () => string) => (isProduction ? undefined : make());
  const twilioAuthToken =
    env.TWILIO_AUTH_TOKEN ?? devSecret(dataDir, 'twilio-auth-token', () => randomBase64(24));
  return {
    env: env.NODE_ENV,
    isProduction,
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    workers: env.WORKERS ?? (env.DATABASE_URL ? availableParallelism() : 1),
    workerIndex: env.PROSAAS_WORKER_INDEX,
    dataDir,
    recordings: recordingsConfig(env, dataDir),
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
    mail: {
      smtpUrl: env.SMTP_URL,
      from: env.MAIL_FROM ?? `ProSaaS <no-reply@${new URL(publicBaseUrl).hostname}>`,
    },
    demoData: env.DEMO_DATA === 'on' || (env.DEMO_DATA === 'auto' && !isProduction),
    realtime: {
      url: env.OPENAI_REALTIME_URL,
      model: env.OPENAI_REALTIME_MODEL,
      voice: env.OPENAI_VOICE,
      apiKey: env.OPENAI_API_KEY,
    },
    twilio: {
      authToken: twilioAuthToken,
      accountSid: env.TWILIO_ACCOUNT_SID,
      apiBaseUrl: env.TWILIO_API_BASE_URL.replace(/\/+$/, ''),
    },
    openai: {
      baseUrl: env.OPENAI_BASE_URL.replace(/\/+$/, ''),
      chatModel: env.OPENAI_CHAT_MODEL,
      dateModel: env.OPENAI_DATE_MODEL,
      transcribeModel: env.OPENAI_TRANSCRIBE_MODEL,
      apiKey: env.OPENAI_API_KEY,
    },
    faqEmbeddings: env.OPENAI_API_KEY
      ? { model: env.OPENAI_EMBEDDING_MODEL, minSimilarity: env.FAQ_EMBEDDING_MIN_SIMILARITY }
      : undefined,
    meta: {
      graphBaseUrl: env.META_GRAPH_BASE_URL.replace(/\/+$/, ''),
      apiVersion: env.META_GRAPH_API_VERSION,
      appSecret:
        env.META_APP_SECRET ?? devOnly(() => devSecret(dataDir, 'meta-app-secret', () => randomBase64(24))),
      verifyToken:
        env.META_WEBHOOK_VERIFY_TOKEN ??
        devOnly(() => devSecret(dataDir, 'meta-webhook-verify-token', () => randomBase64(18))),
    },
    whatsappStandin: env.STANDINS === 'on' || (env.STANDINS === 'auto' && env.NODE_ENV === 'development'),
    retention: {
      jobDays: env.JOB_RETENTION_DAYS,
      notificationDays: env.NOTIFICATION_RETENTION_DAYS,
      outboxPayloadDays: env.OUTBOX_PAYLOAD_RETENTION_DAYS,
    },
    // 'auto': a development machine without an OpenAI key still answers calls, from the stand-in.
    realtimeStandin:
      env.STANDINS === 'on' ||
      (env.STANDINS === 'auto' && env.NODE_ENV === 'development' && !env.OPENAI_API_KEY),
  };
}

/** Every environment variable the configuration reads (the deploy files are checked against it). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);
