import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { runTenantsCli } from '../../server/cli/tenants-program.js';
import { testEnv, uniqueSlug } from '../support/platform.js';

/** Runs the CLI in-process with a test environment, capturing what it prints. */
async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  const saved = { ...process.env };
  const out: string[] = [];
  const err: string[] = [];
  const write = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  Object.assign(process.env, env);
  process.stdout.write = (chunk: string) => out.push(String(chunk)) > 0;
  process.stderr.write = (chunk: string) => err.push(String(chunk)) > 0;
  try {
    const code = await runTenantsCli(args);
    process.exitCode = 0;
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
    process.env = saved;
  }
}

describe('npm run tenants', () => {
  const env = testEnv();

  it('creates a tenant from a template and lists it', async () => {
    const slug = uniqueSlug('demo');
    const created = await cli(['create', slug, '--from', 'korea'], env);
    assert.equal(created.code, 0, created.err);
    assert.match(created.out, new RegExp(`Created tenant ${slug}`));
    const listed = await cli(['list'], env);
    assert.match(listed.out, new RegExp(`^${slug}\\tactive\\tcurrent\\tprimary`, 'm'));
  });

  it('says clearly that a tenant exists and changes nothing', async () => {
    const slug = uniqueSlug('demo');
    await cli(['create', slug, '--from', 'korea'], env);
    const again = await cli(['create', slug, '--from', 'korea'], env);
    assert.equal(again.code, 1);
    assert.match(again.err, /already exists .*nothing changed/);
  });

  it('migrates every tenant and reports each result', async () => {
    const result = await cli(['migrate', '--concurrency', '3'], env);
    assert.match(result.out, /tenants migrated, \d+ failed/);
  });

  it('suspends and resumes', async () => {
    const slug = uniqueSlug('demo');
    await cli(['create', slug, '--from', 'korea'], env);
    assert.match((await cli(['suspend', slug], env)).out, /Suspended/);
    assert.match((await cli(['list'], env)).out, new RegExp(`^${slug}\\tsuspended`, 'm'));
    assert.match((await cli(['resume', slug], env)).out, /Resumed/);
  });

  it('refuses to drop without --confirm <slug>, and exports before dropping', async () => {
    const slug = uniqueSlug('demo');
    await cli(['create', slug, '--from', 'korea'], env);
    const refused = await cli(['drop', slug, '--confirm', 'other'], env);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /--confirm must repeat the slug/);
    const dropped = await cli(['drop', slug, '--confirm', slug], env);
    assert.equal(dropped.code, 0, dropped.err);
    const exports = path.join(env.DATA_DIR!, 'exports');
    assert.ok(existsSync(exports) && readdirSync(exports).some((f) => f.startsWith(slug)));
    assert.doesNotMatch((await cli(['list'], env)).out, new RegExp(`^${slug}\\t`, 'm'));
  });

  it('exports and restores through the command line', async () => {
    const slug = uniqueSlug('demo');
    await cli(['create', slug, '--from', 'korea'], env);
    const file = path.join(env.DATA_DIR!, `${slug}.tar.gz`);
    assert.equal((await cli(['export', slug, '--output', file], env)).code, 0);
    await cli(['drop', slug, '--confirm', slug], env);
    const restored = await cli(['restore', file], env);
    assert.equal(restored.code, 0, restored.err);
    assert.match((await cli(['list'], env)).out, new RegExp(`^${slug}\\tactive\\tcurrent`, 'm'));
  });
});
