import assert from 'node:assert/strict';
import { AuditTrail, SYSTEM_ACTOR } from '../../server/audit/trail.js';
import { AuditSealer, sealTenant } from '../../server/audit/sealer.js';
import { createLogger } from '../../server/logger.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import type { TenantHandle } from '../../server/tenancy/tenant-handle.js';
import { asSuperuser, npmRun, type CliRun } from '../support/cli.js';
import { testEnv, testPlatform, type TestPlatform } from '../support/platform.js';

/** The status the shell sees, with what the process printed when it is not the expected one. */
function assertExit(run: CliRun, expected: number, what: string): void {
  assert.equal(run.code, expected, `${what}: exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
}

describe('the CLIs report the truth in their exit status (npm run, as the shell sees it)', function () {
  // Each case starts a process that compiles and boots the platform: slow on a busy machine.
  this.timeout(240_000);
  let platform: TestPlatform;
  let tenant: TenantHandle;
  const env = testEnv({ LOG_LEVEL: 'warn' });

  before(async () => {
    platform = await testPlatform();
    tenant = (await platform.tenancy.resolve((await platform.createTenant('korea')).slug))!;
    const audit = new AuditTrail(new AuditSealer(createLogger('silent')));
    for (let i = 0; i < 4; i++) {
      await inTenant(tenant, (tx) => audit.record(tx, tenant, SYSTEM_ACTOR, { action: `test.cli-${i}` }));
    }
    await sealTenant(tenant);
  });
  after(() => platform.close());

  it('audit: 0 for a valid trail, 2 once an entry is altered by superuser SQL, 1 for an unknown tenant', async () => {
    const valid = await npmRun('audit', ['verify', tenant.slug], env);
    assertExit(valid, 0, 'valid trail');
    assert.match(valid.stdout, /^valid: 1 blocks, 4 entries sealed/m);

    await asSuperuser(tenant.schema, async (db) => {
      await db.query('alter table audit_entries disable trigger audit_entries_append_only');
      await db.query(`update audit_entries set summary = '{"forged": true}' where action = 'test.cli-2'`);
      await db.query('alter table audit_entries enable trigger audit_entries_append_only');
    });
    const tampered = await npmRun('audit', ['verify', tenant.slug], env);
    assertExit(tampered, 2, 'tampered trail');
    assert.match(tampered.stdout, /^BROKEN at block 1, entry \d+: entry-altered/m);

    const unknown = await npmRun('audit', ['verify', 'no-such-tenant'], env);
    assertExit(unknown, 1, 'unknown tenant');
    assert.match(unknown.stderr, /No tenant "no-such-tenant"/);
  });

  it('audit: 1 for usage errors', async () => {
    assertExit(await npmRun('audit', ['verify'], env), 1, 'verify without a slug');
    assertExit(await npmRun('audit', ['no-such-command'], env), 1, 'unknown command');
  });

  it('audit --help: 0', async () => {
    assertExit(await npmRun('audit', ['--help'], env), 0, '--help');
  });

  it('tenants list: 0', async () => {
    const listed = await npmRun('tenants', ['list'], env);
    assertExit(listed, 0, 'list');
    assert.match(listed.stdout, new RegExp(`^${tenant.slug}\\tactive`, 'm'));
  });

  it('tenants: 1 for an unknown tenant', async () => {
    assertExit(await npmRun('tenants', ['suspend', 'no-such-tenant'], env), 1, 'suspend an unknown tenant');
  });

  it('tenants: 1 for a refused change', async () => {
    const refused = await npmRun('tenants', ['drop', tenant.slug, '--confirm', 'other'], env);
    assertExit(refused, 1, 'drop without the slug repeated');
    assert.match(refused.stderr, /--confirm must repeat the slug/);
  });

  it('tenants: 1 for an unknown command', async () => {
    assertExit(await npmRun('tenants', ['no-such-command'], env), 1, 'unknown command');
  });

  it('i18n status: 0', async () => {
    assertExit(await npmRun('i18n', ['status', '--summary'], env), 0, 'status');
  });

  it('i18n: 1 for a language not shipped, a missing file or an unknown command', async () => {
    assertExit(await npmRun('i18n', ['export', 'xx'], env), 1, 'export of a language not shipped');
    assertExit(await npmRun('i18n', ['import', '/nonexistent/ko.xliff'], env), 1, 'import of a missing file');
    assertExit(await npmRun('i18n', ['no-such-command'], env), 1, 'unknown command');
  });
});
