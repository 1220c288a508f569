/**
 * `bun run bench`: runs every scripts/bench/*.bench.ts (each default-exports
 * `run(): Promise<Record<string, string | number>>`) and prints the figures as a
 * Markdown table, ready for the README. Pass names to run a subset: `bun run bench vad`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const only = process.argv.slice(2);
const files = readdirSync(import.meta.dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

console.log(
  `Bun ${Bun.version}, ${navigator.hardwareConcurrency} cores, ${new Date().toISOString().slice(0, 10)}\n`,
);
for (const file of files) {
  const mod = (await import(join(import.meta.dir, file))) as {
    default: () => Promise<Record<string, string | number>>;
  };
  const figures = await mod.default();
  console.log(`### ${file.replace('.bench.ts', '')}\n\n| figure | value |\n| --- | --- |`);
  for (const [k, v] of Object.entries(figures)) console.log(`| ${k} | ${v} |`);
  console.log('');
}
