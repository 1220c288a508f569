/**
 * The shape of the server's imports: no module imports itself back through others (type
 * imports included: a circle of types is still a circle a reader must hold at once), and no
 * production module imports a stand-in. Test code (tests, fixtures, the harness, e2e runs)
 * may use the stand-ins; the composition root may start them lazily in development only.
 */
import { describe, expect, test } from 'bun:test';
import { dirname, join, relative, resolve } from 'node:path';
import { Glob } from 'bun';

const ROOT = resolve(import.meta.dir, '..');
const STATIC = /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s*['"]([^'"]+)['"]/g;
const BARE = /(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The composition root may start the stand-ins in development (demo mode), by dynamic import. */
const DEV_ONLY_DOOR = 'server/main.ts';

function isTestCode(file: string): boolean {
  return (
    file.endsWith('.test.ts') ||
    file.endsWith('-fixture.ts') ||
    file.startsWith('server/test/') ||
    file.includes('/e2e/') ||
    file.startsWith('server/standins/')
  );
}

function resolveLocal(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const path = relative(ROOT, resolve(dirname(join(ROOT, from)), spec));
  return path.endsWith('.ts') || path.endsWith('.tsx') ? path : `${path}.ts`;
}

interface Edge {
  to: string;
  dynamic: boolean;
}

async function importGraph(): Promise<Map<string, Edge[]>> {
  const graph = new Map<string, Edge[]>();
  for (const file of new Glob('server/**/*.ts').scanSync(ROOT)) {
    const source = await Bun.file(join(ROOT, file)).text();
    const edges: Edge[] = [];
    for (const [pattern, dynamic] of [
      [STATIC, false],
      [BARE, false],
      [DYNAMIC, true],
    ] as const) {
      for (const m of source.matchAll(pattern)) {
        const to = resolveLocal(file, m[1] as string);
        if (to) edges.push({ to, dynamic });
      }
    }
    graph.set(file, edges);
  }
  return graph;
}

/** Strongly connected components of more than one module, or a module importing itself (Tarjan). */
function circles(graph: Map<string, Edge[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const { to } of graph.get(v) ?? []) {
      if (!graph.has(to)) continue;
      if (!index.has(to)) {
        visit(to);
        low.set(v, Math.min(low.get(v) as number, low.get(to) as number));
      } else if (onStack.has(to)) low.set(v, Math.min(low.get(v) as number, index.get(to) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    const selfLoop = (graph.get(v) ?? []).some((e) => e.to === v);
    if (component.length > 1 || selfLoop) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('the server imports', () => {
  test('form no circle, type imports included', async () => {
    expect(circles(await importGraph())).toEqual([]);
  });

  test('reach the stand-ins only from test code, or lazily from the composition root', async () => {
    const offending: string[] = [];
    for (const [file, edges] of await importGraph()) {
      if (isTestCode(file)) continue;
      for (const edge of edges) {
        if (!edge.to.startsWith('server/standins/')) continue;
        if (file === DEV_ONLY_DOOR && edge.dynamic) continue;
        offending.push(`${file} → ${edge.to}`);
      }
    }
    expect(offending).toEqual([]);
  });

  test('the checker sees a circle and a stand-in import when there is one', () => {
    const graph = new Map<string, Edge[]>([
      ['server/a.ts', [{ to: 'server/b.ts', dynamic: false }]],
      ['server/b.ts', [{ to: 'server/a.ts', dynamic: false }]],
      ['server/c.ts', [{ to: 'server/c.ts', dynamic: false }]],
      ['server/d.ts', []],
    ]);
    expect(circles(graph)).toEqual([['server/a.ts', 'server/b.ts'], ['server/c.ts']]);
    expect(resolveLocal('server/calls/x.ts', '../standins/realtime/index')).toBe(
      'server/standins/realtime/index.ts',
    );
  });
});
