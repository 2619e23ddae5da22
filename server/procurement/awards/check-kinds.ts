/**
 * Awarding as a request for a mutual check (server/approvals/): a second officer of the notice's
 * agency decides, reading the notice, the winning company and the amount. How an approved request
 * is carried out is in checked-award.ts.
 */
import type { TFunction } from 'i18next';
import type { ApprovalKindSpec } from '../../approvals/approval.js';
import { companyNamed, moneyIn, noticeNamed, type NoticeNaming } from '../../approvals/reading.js';
import { isolate } from '../../work/formats.js';

/** What the award will be, kept with the request as it was when asked. */
export interface AwardFacts extends NoticeNaming {
  evaluationId: string;
  bidId: string;
  supplier: { legalName: Record<string, string>; registrationNo: string };
  amount: number | string;
}

export const awardKind: ApprovalKindSpec = {
  name: 'award',
  approverRole: 'officer',
  targetType: 'notice',
  reasonRequired: false,
  describe(t: TFunction, approval, reading) {
    const facts = approval.summary as unknown as AwardFacts;
    return t('approvals:describe_award', {
      notice: noticeNamed(facts, reading),
      company: companyNamed(facts.supplier.legalName, reading),
      registrationNo: isolate(facts.supplier.registrationNo),
      amount: isolate(moneyIn(facts.amount, reading)),
    });
  },
  pagePath: (approval) => `/notices/${approval.targetId}`,
};
