import { expect, test } from 'bun:test';
import { join } from 'node:path';

test('an exception nothing caught is logged as fatal and the process keeps serving', async () => {
  const child = Bun.spawn(['bun', join(import.meta.dir, 'fixtures/last-resort-child.ts')], {
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const [out, code] = await Promise.all([new Response(child.stdout).text(), child.exited]);
  expect(code).toBe(0);
  expect(out).toContain('SERVED 2');
  const fatal = out.split('\n').filter((line) => line.includes('"level":60'));
  expect(fatal).toHaveLength(2);
  expect(fatal[0]).toContain('socket.write');
  expect(fatal[1]).toContain('nobody awaited this');
});
