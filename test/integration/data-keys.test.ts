import assert from 'node:assert/strict';
import { inTenant } from '../../server/tenancy/tenant-context.js';
import { asSuperuser } from '../support/cli.js';
import { oldContractKeyId, sealedTheOldWay } from '../support/legacy-keys.js';
import { TEST_MASTER_KEY, testPlatform, type TestPlatform } from '../support/platform.js';

const master = Buffer.from(TEST_MASTER_KEY, 'base64');

describe('tenant data keys', () => {
  let platform: TestPlatform;
  before(async () => (platform = await testPlatform()));
  after(() => platform.close());

  it('keeps opening what a tenant made before data keys sealed: `tenants migrate` stores its derived key first', async () => {
    const { slug } = await platform.createTenant('korea');
    const tenant = (await platform.tenancy.resolve(slug))!;
    const secret = sealedTheOldWay(master, slug, 'totp-secret', 'JBSWY3DPEHPK3PXP');
    // The tenant as an earlier version left it: no data keys yet.
    // As the superuser: the application role may neither drop tables nor touch the ledger.
    await asSuperuser(tenant.schema, async (c) => {
      await c.query('drop table data_keys');
      await c.query(`delete from schema_migrations where name = '20261206-1040-create-data-keys'`);
    });
    const results = await platform.provisioning.migrateAll();
    assert.deepEqual(results.find((r) => r.slug === slug)?.applied, ['20261206-1040-create-data-keys']);
    const keyring = await platform.keys.ofTenant(tenant);
    assert.equal(keyring.open('totp-secret', secret).toString(), 'JBSWY3DPEHPK3PXP');
    assert.equal(keyring.signingKey('contract-signing').keyId, oldContractKeyId(master, slug));
    const rows = await inTenant(tenant, (tx) => tx('data_keys').select('version', 'origin', 'kek_id'));
    assert.deepEqual(rows, [{ version: 1, origin: 'derived', kek_id: platform.keys.currentKekId }]);
  });

  it('gives a new tenant a random first data key, stored only wrapped', async () => {
    const { slug } = await platform.createTenant('vietnam');
    const tenant = (await platform.tenancy.resolve(slug))!;
    const rows: { origin: string; wrapped: string }[] = await inTenant(tenant, (tx) =>
      tx('data_keys').select('origin', 'wrapped'),
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.origin, 'random');
    const keyring = await platform.keys.ofTenant(tenant);
    assert.notEqual(keyring.signingKey('contract-signing').keyId, oldContractKeyId(master, slug));
    assert.throws(() => keyring.open('totp-secret', sealedTheOldWay(master, slug, 'totp-secret', 'x')));
  });
});
