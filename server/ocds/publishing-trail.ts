/**
 * The audit trail that also publishes: an audited action listed in triggers.ts writes its OCDS
 * release in the same transaction, after the entry. Built once in services.ts in place of the
 * plain trail, so every feature that audits its changes publishes them without knowing OCDS.
 */
import type { Knex } from 'knex';
import { AuditTrail, type AuditContext, type AuditInput, type RecordedEntry, type SealNudger } from '../audit/trail.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { publishFor } from './publisher.js';

export class PublishingAuditTrail extends AuditTrail {
  constructor(
    sealer: SealNudger | undefined,
    private readonly publicUrl: string | undefined,
  ) {
    super(sealer);
  }

  override async record(
    tx: Knex.Transaction,
    tenant: TenantHandle,
    context: AuditContext,
    input: AuditInput,
  ): Promise<RecordedEntry> {
    const entry = await super.record(tx, tenant, context, input);
    await publishFor(tx, tenant, this.publicUrl, input.action, input.target);
    return entry;
  }
}
