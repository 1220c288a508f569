/** The settings a real deployment needs: the database, where recordings go, the S3 credentials. */
import { expect, test } from 'bun:test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';

const dataDir = () => mkdtempSync(join(tmpdir(), 'prosaas-config-'));
const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: 'x'.repeat(40),
  SECRETS_KEY: Buffer.alloc(32).toString('base64'),
  PUBLIC_BASE_URL: 'https://prosaas.example',
  TWILIO_AUTH_TOKEN: 'twilio-token',
  DATABASE_URL: 'postgres://app@db.internal:5432/prosaas',
  RECORDINGS_URL: 's3://prosaas-recordings/calls',
  AWS_ACCESS_KEY_ID: 'tid_key',
  AWS_SECRET_ACCESS_KEY: 'tsec_secret',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig({ DATA_DIR: dataDir(), ...env });
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

test('production requires PostgreSQL and a place for recordings, each one clear line', () => {
  const { DATABASE_URL: _d, RECORDINGS_URL: _r, ...rest } = PRODUCTION;
  expect(problems(rest)).toEqual([
    'DATABASE_URL: is required in production (the embedded PGlite is for development and tests)',
    'RECORDINGS_URL: is required in production: s3://bucket/prefix (any S3-compatible storage), or file:///path on one machine with a volume',
  ]);
});

test("an s3:// URL takes fly's Tigris variables (AWS_*), the S3_* names winning when both are set", () => {
  const config = loadConfig({
    ...PRODUCTION,
    AWS_ENDPOINT_URL_S3: 'https://fly.storage.tigris.dev',
    AWS_REGION: 'auto',
    DATA_DIR: dataDir(),
  });
  expect(config.recordings).toEqual({
    kind: 's3',
    bucket: 'prosaas-recordings',
    prefix: 'calls/',
    endpoint: 'https://fly.storage.tigris.dev',
    region: 'auto',
    accessKeyId: 'tid_key',
    secretAccessKey: 'tsec_secret',
    sessionToken: undefined,
  });
  const s3Named = loadConfig({
    ...PRODUCTION,
    RECORDINGS_URL: 's3://prosaas-recordings',
    S3_ACCESS_KEY_ID: 'own',
    S3_SECRET_ACCESS_KEY: 'own-secret',
    S3_ENDPOINT: 'http://127.0.0.1:9000',
    DATA_DIR: dataDir(),
  });
  expect(s3Named.recordings).toMatchObject({
    prefix: '',
    accessKeyId: 'own',
    endpoint: 'http://127.0.0.1:9000',
  });
});

test('a bad recordings URL, a bad bucket, missing keys and a bad endpoint are each named', () => {
  const { AWS_ACCESS_KEY_ID: _k, AWS_SECRET_ACCESS_KEY: _s, ...noKeys } = PRODUCTION;
  expect(problems(noKeys)).toEqual([
    'S3_ACCESS_KEY_ID: is required with an s3:// RECORDINGS_URL (or AWS_ACCESS_KEY_ID)',
    'S3_SECRET_ACCESS_KEY: is required with an s3:// RECORDINGS_URL (or AWS_SECRET_ACCESS_KEY)',
  ]);
  expect(problems({ ...PRODUCTION, RECORDINGS_URL: 'https://bucket.example/x' })).toEqual([
    'RECORDINGS_URL: must be s3://bucket/prefix or file:///absolute/path',
  ]);
  expect(problems({ ...PRODUCTION, RECORDINGS_URL: 's3://Bad_Bucket/x' })[0]).toContain(
    'is not a bucket name',
  );
  expect(problems({ ...PRODUCTION, S3_ENDPOINT: 'ftp://x' })).toEqual([
    'S3_ENDPOINT: must be an http:// or https:// URL',
  ]);
});

test('the secret is never part of a configuration error', () => {
  const listed = problems({ ...PRODUCTION, S3_ENDPOINT: 'not a url', JWT_SECRET: 'short' }).join('\n');
  expect(listed).not.toContain('tsec_secret');
  expect(listed).not.toContain('short');
});

test('development keeps recordings under DATA_DIR unless told otherwise', () => {
  const dir = dataDir();
  expect(loadConfig({ DATA_DIR: dir }).recordings).toEqual({ kind: 'local', dir: join(dir, 'recordings') });
  expect(loadConfig({ DATA_DIR: dir, RECORDINGS_URL: 'file:///srv/rec' }).recordings).toEqual({
    kind: 'local',
    dir: '/srv/rec',
  });
});
