import assert from 'node:assert/strict';
import { traineeCards } from '../../server/sandbox/trainees.js';
import { createI18n } from '../../server/i18n/i18n.js';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { npmRun, type CliRun } from '../support/cli.js';
import { testEnv, testPlatform, uniqueSlug, type TestPlatform } from '../support/platform.js';

/** The status the shell sees, with what the process printed when it is not the expected one. */
function assertExit(run: CliRun, expected: number, what: string): void {
  assert.equal(run.code, expected, `${what}: exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
}

describe('training sandboxes from the command line (npm run tenants, as the shell sees it)', function () {
  // Each case starts a process that compiles and boots the platform: slow on a busy machine.
  this.timeout(240_000);
  const env = testEnv({ LOG_LEVEL: 'warn' });
  const slug = uniqueSlug('sbx');
  let platform: TestPlatform;
  let partner: string;

  before(async () => {
    platform = await testPlatform({ env });
    partner = (await platform.createTenant('kurdistan')).slug;
  });
  after(() => platform.close());

  it("sandbox-create prints the sandbox's address and each trainee's sign-in names and password", async () => {
    const created = await npmRun('tenants', ['sandbox-create', slug, '--from', 'kurdistan', '--trainees', '2'], env);
    assertExit(created, 0, 'sandbox-create');
    assert.match(created.stdout, new RegExp(`^Created sandbox ${slug} from kurdistan: /s/${slug}/ `, 'm'));
    const tenant = (await platform.tenancy.resolve(slug))!;
    assert.equal(tenant.kind, 'sandbox');
    const cards = await inTenant(tenant, async (tx) =>
      traineeCards({ keys: platform.keys, i18n: await createI18n() }, tx, tenant),
    );
    assert.equal(cards.length, 2);
    for (const card of cards) {
      assert.ok(created.stdout.includes(`password ${card.password}`));
      for (const account of card.accounts) assert.ok(created.stdout.includes(account.email));
    }
  });

  it('sandbox-create refuses more than 90 days', async () => {
    const refused = await npmRun(
      'tenants',
      ['sandbox-create', uniqueSlug('sbx'), '--from', 'kurdistan', '--days', '91'],
      env,
    );
    assertExit(refused, 1, 'sandbox-create --days 91');
    assert.match(refused.stderr, /--days must be a whole number from 1 to 90/);
  });

  it("sandbox-clock moves a sandbox's clock and refuses a partner's with a non-zero exit", async () => {
    const moved = await npmRun('tenants', ['sandbox-clock', slug, '--by', '3d'], env);
    assertExit(moved, 0, 'sandbox-clock --by 3d');
    assert.match(moved.stdout, /^Moved the clock of /m);
    const record = (await platform.tenancy.registry.findNow(slug))!;
    assert.ok(record.clockOffsetMs >= 3 * 86_400_000);

    const refused = await npmRun('tenants', ['sandbox-clock', partner, '--by', '3d'], env);
    assertExit(refused, 1, 'sandbox-clock on a partner');
    assert.match(refused.stderr, /^Only a training sandbox's clock can be moved\. Nothing changed\.$/m);
    assert.equal((await platform.tenancy.registry.findNow(partner))!.clockOffsetMs, 0);
  });

  it('sandbox-reset puts the sandbox back on the real time', async () => {
    const reset = await npmRun('tenants', ['sandbox-reset', slug], env);
    assertExit(reset, 0, 'sandbox-reset');
    assert.match(reset.stdout, new RegExp(`^Reset sandbox ${slug} to its start`, 'm'));
    assert.equal((await platform.tenancy.registry.findNow(slug))!.clockOffsetMs, 0);
  });
});
