/**
 * The auditor's reads of the trail: one page of a search, every entry a filter matches for an
 * export (the export itself recorded in the same transaction), and the verification of the chain
 * against the heads signed when its blocks were sealed.
 */
import type { Deps } from '../deps.js';
import type { Actor } from '../identity/actor.js';
import { assertCan } from '../identity/policy.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { checkHeads, listHeads } from './heads.js';
import {
  countAudit,
  EXPORT_CAP,
  exportRows,
  filterCriteria,
  PAGE_SIZE,
  searchAudit,
  type AuditFilter,
  type AuditPage,
  type AuditRecord,
} from './search.js';
import { verifyAuditChain, type BrokenLink, type VerifyReport } from './verify.js';

export interface AuditExport {
  format: 'csv' | 'json';
  filter: AuditFilter;
}

export interface ExportedEntries {
  rows: AuditRecord[];
  /** More entries matched than an export holds (EXPORT_CAP). */
  truncated: boolean;
  /** When the export was recorded in the trail. */
  at: Date;
}

/** The first broken link of the chain, or the first head that does not match it. */
export type Break = BrokenLink | { blockNo: number; reason: string };

export interface Verification {
  report: Omit<VerifyReport, 'broken'> & { broken?: Break | undefined };
  broken?: Break | undefined;
  signedHeads: number;
}

export function auditReads(deps: Pick<Deps, 'audit' | 'keys'>) {
  return {
    /** One page of the entries the filter matches, newest first. */
    async search(actor: Actor, filter: AuditFilter): Promise<AuditPage> {
      assertCan(actor.user, 'audit:read');
      const { tenant } = actor;
      return inTenant(tenant, (tx) => searchAudit(tx, filter, PAGE_SIZE, tenant.config.timeZone));
    },

    /** Every entry the filter matches (up to EXPORT_CAP), oldest first; the export is audited. */
    async exportEntries(actor: Actor, input: AuditExport): Promise<ExportedEntries> {
      assertCan(actor.user, 'audit:read');
      const { tenant } = actor;
      const zone = tenant.config.timeZone;
      // Read and record in one transaction: the trail shows exactly the exports that were served.
      return inTenant(tenant, async (tx) => {
        const rows = await exportRows(tx, input.filter, zone);
        const truncated = rows.length === EXPORT_CAP && (await countAudit(tx, input.filter, zone)) > EXPORT_CAP;
        const entry = await deps.audit.record(tx, tenant, actor.audit, {
          action: 'audit.exported',
          summary: { format: input.format, filter: filterCriteria(input.filter), entries: rows.length, truncated },
        });
        return { rows, truncated, at: entry.at };
      });
    },

    /** The chain checked from its first block, then (when intact) against its signed heads. */
    async verification(actor: Actor): Promise<Verification> {
      assertCan(actor.user, 'audit:read');
      const { tenant } = actor;
      const report = await verifyAuditChain(tenant);
      // An intact chain is also held against the heads signed when its blocks were sealed: a rewrite
      // with every hash recomputed still differs from them.
      const heads = await listHeads(tenant);
      const headMismatch = report.valid ? await checkHeads(tenant, deps.keys, heads) : undefined;
      const broken: Break | undefined =
        report.broken ?? (headMismatch && { blockNo: headMismatch.blockNo, reason: `head-${headMismatch.reason}` });
      return { report: { ...report, valid: report.valid && !headMismatch, broken }, broken, signedHeads: heads.length };
    },
  };
}
