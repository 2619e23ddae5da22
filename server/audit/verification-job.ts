/** Job `audit-verification` (nightly): seals anything left over and re-verifies the whole chain. */
import type { JobHandler } from '../jobs/runner.js';
import type { Services } from '../services.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { sealTenant } from './sealer.js';
import { verifyAuditChain } from './verify.js';

export function auditVerificationJob(services: Services): JobHandler {
  return async ({ tenant }) => {
    await sealTenant(tenant, { full: true });
    const report = await verifyAuditChain(tenant);
    if (!report.valid) services.logger.error({ tenant: tenant.slug, broken: report.broken }, 'audit chain broken');
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
