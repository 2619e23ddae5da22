/**
 * Rotating MASTER_KEY: every data key still wrapped under another master key (MASTER_KEY_PREVIOUS)
 * is re-wrapped under the current one. Nothing sealed is touched: the data keys stay the same.
 *
 * Each tenant is one transaction holding its re-wrap and the audit entry that records it, so a
 * crash or an interruption leaves every tenant either done or untouched, and every key openable
 * by a process holding both master keys. Running it again re-wraps only what is left, and a
 * tenant already done is neither changed nor audited again.
 */
import os from 'node:os';
import pLimit from 'p-limit';
import type { AuditTrail } from '../audit/trail.js';
import type { Platform } from '../bootstrap.js';
import { PLATFORM_SCOPE } from '../platform/staff.js';
import { inTenant } from '../tenancy/tenant-context.js';

export interface RotationResult {
  /** A tenant slug, or `_platform` for the staff secrets. */
  scope: string;
  ok: boolean;
  /** Data key versions re-wrapped by this run (none: already done). */
  versions: number[];
  error?: string;
}

export interface RotationOptions {
  audit: AuditTrail;
  concurrency?: number;
  onResult?: (result: RotationResult) => void;
  /** Stops starting tenants once aborted (Ctrl-C); tenants under way finish. */
  signal?: AbortSignal;
}

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;

/** How many scopes a rotation visits: the platform and every registered tenant. */
export async function rotationScopes(platform: Platform): Promise<number> {
  return 1 + (await platform.tenancy.registry.list()).filter((r) => r.status !== 'provisioning').length;
}

export interface RotationOutcome {
  results: RotationResult[];
  /** Tenants an interruption kept from starting: a run again re-wraps them. */
  notStarted: string[];
}

export async function rotateMasterKey(platform: Platform, options: RotationOptions): Promise<RotationOutcome> {
  const { keys, tenancy } = platform;
  const actor = { actor: { type: 'platform' as const, id: null, label: `cli:${os.userInfo().username}` } };
  const results: RotationResult[] = [];
  const notStarted: string[] = [];
  const report = (result: RotationResult) => {
    results.push(result);
    options.onResult?.(result);
  };

  try {
    const versions = await platform.databases.primary.transaction(async (trx) => {
      const outcome = await keys.rewrapPlatformKeys(trx, PLATFORM_SCOPE);
      // Staff secrets have no tenant audit trail; their sign-in log records the re-wrap.
      if (outcome.versions.length > 0)
        await trx('staff_events').withSchema('platform').insert({ staff_id: null, event: 'master-key-rotated' });
      return outcome.versions;
    });
    report({ scope: PLATFORM_SCOPE, ok: true, versions });
  } catch (error) {
    report({ scope: PLATFORM_SCOPE, ok: false, versions: [], error: firstLine(error) });
  }

  const limit = pLimit(Math.max(1, options.concurrency ?? 4));
  const records = (await tenancy.registry.list()).filter((r) => r.status !== 'provisioning');
  await Promise.all(
    records.map((record) =>
      limit(async () => {
        if (options.signal?.aborted) return void notStarted.push(record.slug);
        try {
          const tenant = tenancy.handleFor(record);
          if (!tenant) throw new Error(`no config (tenants/${record.slug}.yaml)`);
          const versions = await inTenant(tenant, async (tx) => {
            const table = await tx.raw<{ rows: { found: string | null }[] }>(
              `select to_regclass('data_keys') as found`,
            );
            if (!table.rows[0]?.found) throw new Error('not migrated: run `npm run tenants -- migrate` first');
            const outcome = await keys.rewrapTenantKeys(tx, tenant.slug);
            if (outcome.versions.length > 0)
              await options.audit.record(tx, tenant, actor, {
                action: 'master-key.rotated',
                target: null,
                summary: { dataKeyVersions: outcome.versions, from: outcome.from, to: outcome.to },
              });
            return outcome.versions;
          });
          report({ scope: record.slug, ok: true, versions });
        } catch (error) {
          report({ scope: record.slug, ok: false, versions: [], error: firstLine(error) });
        }
      }),
    ),
  );
  return { results, notStarted };
}
