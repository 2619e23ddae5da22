/**
 * Awarding as a request for a mutual check (server/approvals/): a second officer of the notice's
 * agency decides, reading the notice, the winning company and the amount. How an approved request
 * is carried out is in checked-award.ts.
 */
import type { TFunction } from 'i18next';
import type { ApprovalKindSpec, Reading } from '../../approvals/approval.js';
import { formatMoney } from '../../i18n/format.js';
import { textIn } from '../../i18n/localized-fields.js';
import { isolate } from '../../work/formats.js';

/** A notice as the checker reads it: its number when it has one, and its title. */
export interface NoticeNaming {
  noticeNo: string | null;
  title: Record<string, string>;
}

export function noticeNamed(facts: NoticeNaming, { lng, tenant }: Reading): string {
  const title = isolate(textIn(facts.title, lng, tenant.config.locales.default));
  return facts.noticeNo ? `${isolate(facts.noticeNo)} ${title}` : title;
}

export const companyNamed = (name: Record<string, string>, { lng, tenant }: Reading) =>
  isolate(textIn(name, lng, tenant.config.locales.default));

export const moneyIn = (amount: number | string, { lng, tenant }: Reading) =>
  formatMoney(amount, tenant.config.currency, lng, tenant.config.numberingSystem);

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
