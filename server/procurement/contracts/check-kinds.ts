/**
 * A direct contract (a notice awarded by direct contracting) as a request for a mutual check
 * (server/approvals/): a second officer of the agency decides, reading the notice, the supplier,
 * the value and the term. How an approved request is carried out is in checked-contract.ts.
 */
import type { TFunction } from 'i18next';
import type { ApprovalKindSpec } from '../../approvals/approval.js';
import { formatDate } from '../../i18n/format.js';
import { isolate } from '../../work/formats.js';
import { companyNamed, moneyIn, noticeNamed, type NoticeNaming } from '../../approvals/reading.js';
import type { GenerateInput } from './schema.js';

/** What the contract will be, kept with the request: the award's facts and the officer's input. */
export interface DirectContractFacts extends NoticeNaming {
  supplier: { legalName: Record<string, string>; registrationNo: string };
  value: number;
  input: GenerateInput;
}

export function directContractFacts(
  award: {
    notice_no: string | null;
    notice_title: Record<string, string>;
    legal_name: Record<string, string>;
    registration_no: string;
    amount: string;
  },
  input: GenerateInput,
): Record<string, unknown> {
  const facts: DirectContractFacts = {
    noticeNo: award.notice_no,
    title: award.notice_title,
    supplier: { legalName: award.legal_name, registrationNo: award.registration_no },
    value: Number(award.amount),
    input,
  };
  return { ...facts };
}

export const directContractKind: ApprovalKindSpec = {
  name: 'direct-contract',
  approverRole: 'officer',
  targetType: 'notice',
  reasonRequired: false,
  describe(t: TFunction, approval, reading) {
    const facts = approval.summary as unknown as DirectContractFacts;
    const { lng, tenant } = reading;
    const day = (d: string) => formatDate(d, lng, tenant.config.timeZone, tenant.config.numberingSystem);
    return t('approvals:describe_direct_contract', {
      notice: noticeNamed(facts, reading),
      company: companyNamed(facts.supplier.legalName, reading),
      registrationNo: isolate(facts.supplier.registrationNo),
      value: isolate(moneyIn(facts.value, reading)),
      start: day(facts.input.startsOn),
      end: day(facts.input.endsOn),
    });
  },
  pagePath: (approval) => `/notices/${approval.targetId}`,
};
