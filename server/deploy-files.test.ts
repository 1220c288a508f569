/**
 * fly.toml and the Dockerfile against the code they deploy: the port, the release command,
 * several machines, every secret production requires listed, nothing listed that the
 * configuration does not read, and the image's one writable path owned by its user.
 */
import { expect, test } from 'bun:test';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from './config';

const root = join(import.meta.dir, '..');
const flyText = readFileSync(join(root, 'fly.toml'), 'utf8');
const fly = Bun.TOML.parse(flyText) as {
  kill_timeout: string;
  deploy: { release_command: string; strategy: string };
  env: Record<string, string>;
  http_service: { internal_port: number; min_machines_running: number; auto_stop_machines: string };
};
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
/** The secrets fly.toml's header lists (`#   NAME   …` lines, and the AWS_* line). */
const secrets = [...flyText.matchAll(/^# {3}([A-Z0-9_]+(?:, [A-Z0-9_]+)*)/gm)].flatMap((m) =>
  (m[1] as string).split(', '),
);
// WORKERS is the process model of issue 10; until it lands the server runs one process.
const known = new Set([...CONFIG_VARIABLES, 'WORKERS']);

test('the port, the release command and several machines', () => {
  const [, runStage] = dockerfile.split(/^FROM .* AS deps$/m);
  expect(runStage).toContain(`EXPOSE ${fly.http_service.internal_port}`);
  expect(fly.env.PORT).toBe(String(fly.http_service.internal_port));
  expect(fly.env.NODE_ENV).toBe('production');
  const [runtime, script] = fly.deploy.release_command.split(' ');
  expect(runtime).toBe('bun');
  expect(existsSync(join(root, script as string))).toBe(true);
  expect(fly.http_service.min_machines_running).toBeGreaterThanOrEqual(2);
  expect(fly.http_service.auto_stop_machines).toBe('off');
  expect(Number.parseInt(fly.kill_timeout, 10)).toBeGreaterThanOrEqual(300);
});

test('every setting production requires is listed as a secret; none is in plain [env]', () => {
  let problems: string[] = [];
  try {
    loadConfig({ NODE_ENV: 'production', DATA_DIR: mkdtempSync(join(tmpdir(), 'prosaas-fly-')) });
  } catch (err) {
    if (err instanceof ConfigError) problems = err.problems;
  }
  const required = problems.map((p) => p.split(':')[0] as string);
  expect(required).toContain('DATABASE_URL');
  expect(required).toContain('RECORDINGS_URL');
  for (const name of required) expect(secrets).toContain(name);
  for (const name of secrets) expect(Object.keys(fly.env)).not.toContain(name);
});

test('fly.toml names only settings the configuration reads', () => {
  for (const name of [...secrets, ...Object.keys(fly.env)]) expect(known.has(name)).toBe(true);
  expect(secrets).toContain('AWS_ENDPOINT_URL_S3');
});

test("the image's writable path belongs to the bun user, who runs the server", () => {
  const dataDir = /ENV [^\n]*DATA_DIR=(\S+)/.exec(dockerfile)?.[1];
  expect(dataDir).toBe('/app/data');
  const chown = dockerfile.indexOf(`chown bun:bun ${dataDir}`);
  expect(chown).toBeGreaterThan(0);
  expect(dockerfile.indexOf('USER bun')).toBeGreaterThan(chown);
});
