import { expect, test } from 'bun:test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
    DATA_DIR: dataDir(),
  });
  expect(config.demoData).toBe(false);
  expect(config.publicBaseUrl).toBe('https://prosaas.example');
});
