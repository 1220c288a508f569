import { expect, test } from 'bun:test';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';

const dataDir = () => mkdtempSync(join(tmpdir(), 'prosaas-config-'));

test('lists every bad value at once', () => {
  try {
    loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: 'not a url', DATA_DIR: dataDir() });
    throw new Error('expected a ConfigError');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    expect(problems).toContain('PORT');
    expect(problems).toContain('LOG_LEVEL');
    expect(problems).toContain('DATABASE_URL');
  }
});

test('production refuses to start without its secrets and public URL', () => {
  expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir() })).toThrow(
    /JWT_SECRET: is required in production[\s\S]*SECRETS_KEY[\s\S]*PUBLIC_BASE_URL[\s\S]*TWILIO_AUTH_TOKEN/,
  );
});

test('development generates a JWT secret once and keeps it under DATA_DIR', () => {
  const dir = dataDir();
  const first = loadConfig({ DATA_DIR: dir });
  const second = loadConfig({ DATA_DIR: dir });
  expect(first.jwt.secret.length).toBeGreaterThanOrEqual(32);
  expect(second.jwt.secret).toBe(first.jwt.secret);
  expect(first.demoData).toBe(true);
  expect(first.databaseUrl).toBeUndefined();
  expect(first.publicBaseUrl).toBe('http://localhost:3000');
});

test('production never creates demo data', () => {
  const config = loadConfig({
    NODE_ENV: 'production',
    JWT_SECRET: 'x'.repeat(40),
    SECRETS_KEY: Buffer.alloc(32).toString('base64'),
    PUBLIC_BASE_URL: 'https://prosaas.example/',
    TWILIO_AUTH_TOKEN: 'twilio-token',
    DATABASE_URL: 'postgres://app@db.internal:5432/prosaas',
    RECORDINGS_URL: 'file:///data/recordings',
    DATA_DIR: dataDir(),
  });
  expect(config.demoData).toBe(false);
  expect(config.publicBaseUrl).toBe('https://prosaas.example');
  // Meta's webhook secrets are never invented in production (the webhook then answers 503),
  // and WhatsApp never runs on the stand-ins there.
  expect(config.meta.appSecret).toBeUndefined();
  expect(config.meta.verifyToken).toBeUndefined();
  expect(config.whatsappStandin).toBe(false);
});

test("Meta's webhook secrets: kept once generated in development, taken as given otherwise", () => {
  const dir = dataDir();
  const first = loadConfig({ DATA_DIR: dir });
  expect(first.meta.appSecret?.length).toBeGreaterThanOrEqual(24);
  expect(loadConfig({ DATA_DIR: dir }).meta).toEqual(first.meta);
  expect(first.whatsappStandin).toBe(true);
  const given = loadConfig({
    DATA_DIR: dir,
    META_APP_SECRET: 'app-secret',
    META_WEBHOOK_VERIFY_TOKEN: 'verify',
  });
  expect(given.meta).toMatchObject({ appSecret: 'app-secret', verifyToken: 'verify' });
  expect(() => loadConfig({ DATA_DIR: dir, META_GRAPH_API_VERSION: '23' })).toThrow(/META_GRAPH_API_VERSION/);
});

test('WORKERS: the cores on PostgreSQL, one on the embedded database, and never more than one there', () => {
  const DATA_DIR = dataDir();
  const pg = 'postgres://app@db.internal:5432/prosaas';
  expect(loadConfig({ DATA_DIR }).workers).toBe(1);
  expect(loadConfig({ DATA_DIR, DATABASE_URL: pg }).workers).toBe(availableParallelism());
  expect(loadConfig({ DATA_DIR, DATABASE_URL: pg, WORKERS: '3' }).workers).toBe(3);
  expect(() => loadConfig({ DATA_DIR, WORKERS: '2' })).toThrow(/WORKERS: more than 1 needs DATABASE_URL/);
  expect(() => loadConfig({ DATA_DIR, DATABASE_URL: pg, WORKERS: 'many' })).toThrow(/WORKERS/);
});
