/**
 * Key commands of `npm run tenants`:
 * - `rotate-master-key` re-wraps every data key under the new MASTER_KEY, with the old one given as
 *   MASTER_KEY_PREVIOUS. A progress bar on a terminal; Ctrl-C stops starting tenants (those under
 *   way finish) and re-running finishes the rest.
 * - `new-data-key <slug>` gives a tenant a new data key version (a suspected leak of one tenant's
 *   key): new seals and signatures use it, earlier values still open and verify.
 */
import os from 'node:os';
import { Presets, SingleBar } from 'cli-progress';
import { AuditSealer } from '../audit/sealer.js';
import { AuditTrail } from '../audit/trail.js';
import type { Platform } from '../bootstrap.js';
import { rotateMasterKey, rotationScopes } from '../crypto/rotation.js';
import { SIGNING_PURPOSES } from '../crypto/keyring.js';
import { ProvisioningError } from '../tenancy/provisioning.js';
import { inTenant } from '../tenancy/tenant-context.js';

/** Runs the rotation; returns the lines to print and sets a failing exit code when any scope failed. */
export async function rotateFromCli(platform: Platform, concurrency: number): Promise<string[]> {
  const { keys } = platform;
  const bar = new SingleBar(
    { format: 're-wrapping {bar} {value}/{total} (platform and tenants)', stream: process.stderr },
    Presets.shades_classic,
  );
  const tty = process.stderr.isTTY === true;
  if (tty) bar.start(await rotationScopes(platform), 0);
  const interrupt = new AbortController();
  const stop = () => interrupt.abort();
  process.once('SIGINT', stop);
  const sealer = new AuditSealer(platform.logger);
  try {
    const { results, notStarted } = await rotateMasterKey(platform, {
      audit: new AuditTrail(sealer),
      concurrency,
      signal: interrupt.signal,
      onResult: () => tty && bar.increment(),
    });
    bar.stop();
    const lines = [
      `Master key ${keys.currentKekId}` +
        (keys.previousKekId ? ` replaces ${keys.previousKekId}` : ' (no MASTER_KEY_PREVIOUS given)'),
      ...results.map((r) =>
        r.ok
          ? `ok      ${r.scope}  ${r.versions.length > 0 ? `re-wrapped data keys v${r.versions.join(', v')}` : 'already done'}`
          : `FAILED  ${r.scope}  ${r.error}`,
      ),
    ];
    const failed = results.filter((r) => !r.ok).length;
    lines.push(
      `${results.length - failed} done, ${failed} failed` +
        (notStarted.length > 0 ? `, ${notStarted.length} not started (interrupted): run it again to finish` : ''),
    );
    if (failed > 0 || notStarted.length > 0) process.exitCode = 1;
    return lines;
  } finally {
    bar.stop();
    process.off('SIGINT', stop);
    await sealer.close();
  }
}

/** Adds a data key version to one tenant, audited in its trail; returns the lines to print. */
export async function newDataKeyFromCli(platform: Platform, slug: string): Promise<string[]> {
  const tenant = await platform.tenancy.resolve(slug);
  if (!tenant) throw new ProvisioningError(`No tenant "${slug}"`);
  const sealer = new AuditSealer(platform.logger);
  try {
    const audit = new AuditTrail(sealer);
    const keyring = await inTenant(tenant, async (tx) => {
      const version = await platform.keys.addTenantKey(tx, tenant.slug);
      const added = await platform.keys.forTenant(tx, tenant.slug);
      await audit.record(
        tx,
        tenant,
        { actor: { type: 'platform', id: null, label: `cli:${os.userInfo().username}` } },
        {
          action: 'data-key.created',
          target: null,
          summary: {
            version,
            signingKeys: SIGNING_PURPOSES.map((purpose) => ({ purpose, keyId: added.signingKey(purpose).keyId })),
          },
        },
      );
      return added;
    });
    return [
      `Tenant ${slug} now seals and signs with data key v${keyring.version}; earlier versions still open and verify`,
      ...SIGNING_PURPOSES.map((purpose) => `  ${purpose} key id ${keyring.signingKey(purpose).keyId}`),
    ];
  } finally {
    await sealer.close();
  }
}
