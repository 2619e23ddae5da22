/**
 * Approving and debarring a supplier as requests for a mutual check (server/approvals/): another
 * tenant administrator decides (tenant admins may have no agency: never the maker), and the request
 * reads as a sentence naming the company. How an approved request is carried out is in
 * checked-reviews.ts.
 */
import type { TFunction } from 'i18next';
import type { ApprovalKindSpec, Reading } from '../approvals/approval.js';
import { formatDate } from '../i18n/format.js';
import { companyNamed } from '../approvals/reading.js';
import { isolate } from '../work/formats.js';

/** What the checker reads of the company: kept with the request, as it was when asked. */
export interface CompanyFacts {
  legalName: Record<string, string>;
  registrationNo: string;
}

export const companyFacts = (supplier: { legal_name: Record<string, string>; registration_no: string }) => ({
  legalName: supplier.legal_name,
  registrationNo: supplier.registration_no,
});

function company(facts: CompanyFacts, { lng, tenant }: Reading): { company: string; registrationNo: string } {
  return {
    company: companyNamed(facts.legalName, { lng, tenant }),
    registrationNo: isolate(facts.registrationNo),
  };
}

const pagePath = (approval: { targetId: string }) => `/admin/suppliers/${approval.targetId}`;

export const supplierApproveKind: ApprovalKindSpec = {
  name: 'supplier-approve',
  approverRole: 'tenant-admin',
  targetType: 'supplier',
  reasonRequired: false,
  describe(t: TFunction, approval, reading) {
    return t('approvals:describe_supplier_approve', company(approval.summary as unknown as CompanyFacts, reading));
  },
  pagePath,
};

export const supplierRenewKind: ApprovalKindSpec = {
  name: 'supplier-renew',
  approverRole: 'tenant-admin',
  targetType: 'supplier',
  reasonRequired: false,
  describe(t: TFunction, approval, reading) {
    return t('approvals:describe_supplier_renew', company(approval.summary as unknown as CompanyFacts, reading));
  },
  pagePath,
};

/** A debarment as asked: until the end of `until` (a day in the tenant's zone), for `reason`. */
export interface DebarmentFacts extends CompanyFacts {
  until: string;
  reason: string;
}

export const supplierDebarKind: ApprovalKindSpec = {
  name: 'supplier-debar',
  approverRole: 'tenant-admin',
  targetType: 'supplier',
  reasonRequired: false,
  describe(t: TFunction, approval, reading) {
    const facts = approval.summary as unknown as DebarmentFacts;
    const { tenant, lng } = reading;
    return t('approvals:describe_supplier_debar', {
      ...company(facts, reading),
      until: formatDate(facts.until, lng, tenant.config.timeZone, tenant.config.numberingSystem),
      reason: isolate(facts.reason),
    });
  },
  pagePath,
};
