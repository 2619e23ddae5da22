/**
 * A route reads as a sentence: its router file chains named steps and calls one service or read
 * model. This keeps transactions, SQL and hand-parsed input out of every router file, so they
 * live in the services and read models where tests and the next reader expect them.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SERVER = path.resolve('server');
const isRouterFile = (file: string) =>
  /^(routes|api|pages|router)\.ts$|-(routes|api|pages)\.ts$/.test(path.basename(file));

function routerFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routerFiles(full);
    return isRouterFile(full) ? [full] : [];
  });
}

/** What a router leaves to the layers below it, with the reason a reader is given. */
const FORBIDDEN: [RegExp, string][] = [
  [/\binTenant\(|\breadInTenant\(/, 'opens a transaction (a service or read model does)'],
  [/\btx\(|\.raw\(|from 'knex'/, 'holds SQL (a service or read model does)'],
  [/\bparseInput\(/, 'parses input in a handler (validate() is a step of the chain)'],
  [/req\.tenant!/, 'reaches for the tenant (req.actor.tenant is typed)'],
  [/new AppError\(/, 'builds an error inline (errors are named classes)'],
];

describe('route shape', () => {
  const files = routerFiles(SERVER);

  it('finds the router files', () => {
    assert.ok(files.length > 30, `only ${files.length} router files`);
  });

  it('keeps transactions, SQL, hand-parsed input and inline errors out of every router file', () => {
    const found = files.flatMap((file) => {
      const source = readFileSync(file, 'utf8');
      return FORBIDDEN.filter(([pattern]) => pattern.test(source)).map(
        ([, why]) => `${path.relative(SERVER, file)} ${why}`,
      );
    });
    assert.deepEqual(found, []);
  });

  it('keeps one copy of the UUID check (http/params.ts)', () => {
    const all = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? all(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
      );
    const copies = all(SERVER)
      .filter((file) => /(const|function) isUuid\b/.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(SERVER, file));
    assert.deepEqual(copies, ['http/params.ts']);
  });
});
