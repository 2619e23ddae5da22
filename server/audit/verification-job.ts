/**
 * Job `audit-verification` (nightly): seals anything left over, re-verifies the whole chain and
 * the signed heads the database holds, then signs the heads still missing (blocks sealed before
 * heads existed). A chain or head that fails is logged and left unsigned: signing it would vouch
 * for a rewrite. Running it twice signs nothing the second time.
 */
import type { JobHandler } from '../jobs/runner.js';
import type { Deps } from '../deps.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { signMissingHeads } from './head-signing.js';
import { checkHeads, listHeads } from './heads.js';
import { sealTenant } from './sealer.js';
import { verifyAuditChain } from './verify.js';

export function auditVerificationJob(services: Deps): JobHandler {
  return async ({ tenant }) => {
    await sealTenant(tenant, { full: true, keys: services.keys });
    const chain = await verifyAuditChain(tenant);
    const headMismatch = chain.valid ? await checkHeads(tenant, services.keys, await listHeads(tenant)) : undefined;
    const headsSigned = chain.valid && !headMismatch ? await signMissingHeads(tenant, services.keys) : 0;
    if (!chain.valid) services.logger.error({ tenant: tenant.slug, broken: chain.broken }, 'audit chain broken');
    if (headMismatch) services.logger.error({ tenant: tenant.slug, head: headMismatch }, 'audit head does not match');
    const report = { ...chain, valid: chain.valid && !headMismatch, headMismatch, headsSigned };
    await inTenant(tenant, (tx) =>
      services.audit.record(
        tx,
        tenant,
        { actor: { type: 'system', label: 'audit-verification' } },
        { action: 'audit.verified', summary: { ...report } },
      ),
    );
    return report;
  };
}
