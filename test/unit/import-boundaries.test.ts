/**
 * The shape of the house, kept by a test: no import cycles anywhere under server/, the job
 * machinery knows no feature, and no feature reaches into another feature's HTTP module.
 * Type-only imports count: they still tie one module's meaning to another's.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const SERVER = path.resolve('server');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Each server file (relative to server/) with the server files it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SERVER)) {
    const imported = ts
      .preProcessFile(readFileSync(file, 'utf8'), true, true)
      .importedFiles.map((ref) => ref.fileName)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => path.resolve(path.dirname(file), specifier.replace(/\.js$/, '.ts')))
      .filter((target) => target.startsWith(SERVER + path.sep))
      .map((target) => path.relative(SERVER, target));
    graph.set(path.relative(SERVER, file), [...new Set(imported)]);
  }
  return graph;
}

/** Every import cycle, each reported once as the path that closes it (a → b → … → a). */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const seen = new Set<string>();
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    seen.add(file);
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (stack.includes(next)) found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!seen.has(next)) visit(next);
    }
    stack.pop();
    done.add(file);
  };
  for (const file of [...graph.keys()].sort()) if (!done.has(file)) visit(file);
  return found;
}

/** A feature folder: procurement/<feature>/…, or the first folder under server/ for the others. */
function featureOf(file: string): string | undefined {
  const parts = file.split(path.sep);
  if (parts.length === 1) return undefined; // top-level wiring: main.ts, app.ts, job-registry.ts …
  return parts[0] === 'procurement' ? parts.slice(0, 2).join('/') : parts[0];
}

/** A module that serves HTTP: its router files, by the names every feature uses for them. */
const isHttpModule = (file: string) => /^(routes|api|pages)\.ts$|-(routes|api|pages)\.ts$/.test(path.basename(file));

/** What the job machinery may lean on: the database, tenancy, time, logging and itself. */
const JOB_MACHINERY_MAY_IMPORT = ['jobs/', 'db/', 'tenancy/', 'time/', 'logger.ts', 'config.ts'];

const graph = importGraph();
const edges = [...graph].flatMap(([from, targets]) => targets.map((to) => ({ from, to })));
const show = (list: { from: string; to: string }[]) => list.map(({ from, to }) => `${from} → ${to}`);

describe('import boundaries', () => {
  it('finds the server files and their imports (the graph is not empty)', () => {
    assert.ok(graph.size > 100, `only ${graph.size} files under server/`);
    assert.ok(graph.get('main.ts')?.includes('config.ts'), 'main.ts should be seen importing config.ts');
  });

  it('has no import cycle under server/', () => {
    const found = cycles(graph).map((cycle) => cycle.join(' → '));
    assert.deepEqual(found, [], `import cycles:\n${found.join('\n')}`);
  });

  it('keeps the job machinery (server/jobs/) free of every feature: the job registry at the top names them', () => {
    const leaks = edges.filter(
      ({ from, to }) => from.startsWith('jobs/') && !JOB_MACHINERY_MAY_IMPORT.some((allowed) => to.startsWith(allowed)),
    );
    assert.deepEqual(show(leaks), []);
    assert.ok(graph.get('job-registry.ts')?.includes('procurement/opening/open-tender-job.ts'));
  });

  it('gives features the small dependencies type (deps.ts), never services.ts, which knows them all', () => {
    const leaks = edges.filter(({ from, to }) => featureOf(from) !== undefined && to === 'services.ts');
    assert.deepEqual(show(leaks), []);
  });

  it("lets no feature import another feature's HTTP module (routes, api, pages)", () => {
    const reaches = edges.filter(({ from, to }) => {
      const feature = featureOf(from);
      return feature !== undefined && isHttpModule(to) && featureOf(to) !== feature;
    });
    assert.deepEqual(show(reaches), []);
  });
});
