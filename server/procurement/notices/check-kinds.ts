/**
 * Publishing and cancelling a notice as requests for a mutual check (server/approvals/): who
 * decides (a second officer of the notice's agency) and how the request reads to them. How an
 * approved request is carried out is in checked-changes.ts.
 */
import type { TFunction } from 'i18next';
import type { ApprovalKindSpec } from '../../approvals/approval.js';
import { momentIn, noticeNamed } from '../../approvals/reading.js';
import { isolate } from '../../work/formats.js';
import type { NoticeRow } from './read.js';

/** What the checker reads of a notice: kept with the request, as it was when asked. */
export interface NoticeFacts {
  title: Record<string, string>;
  noticeNo: string | null;
  category: string;
  method: string;
  deadline: string;
  opening: string;
}

export const noticeFacts = (notice: NoticeRow): NoticeFacts => ({
  title: notice.title,
  noticeNo: notice.notice_no,
  category: notice.category,
  method: notice.method,
  deadline: notice.submission_deadline.toISOString(),
  opening: notice.opening_at.toISOString(),
});

export const noticePublishKind: ApprovalKindSpec = {
  name: 'notice-publish',
  approverRole: 'officer',
  targetType: 'notice',
  reasonRequired: false,
  describe(t: TFunction, approval, reading) {
    const facts = approval.summary as unknown as NoticeFacts;
    return t('approvals:describe_notice_publish', {
      notice: noticeNamed(facts, reading),
      method: t(`plans:method_${facts.method}`),
      category: t(`suppliers:category_${facts.category}`),
      deadline: momentIn(facts.deadline, reading),
      opening: momentIn(facts.opening, reading),
    });
  },
  pagePath: (approval) => `/notices-desk/${approval.targetId}`,
};

export const noticeCancelKind: ApprovalKindSpec = {
  name: 'notice-cancel',
  approverRole: 'officer',
  targetType: 'notice',
  reasonRequired: false,
  describe(t: TFunction, approval, reading) {
    const facts = approval.summary as unknown as NoticeFacts & { cancellationReason: string };
    return t('approvals:describe_notice_cancel', {
      notice: noticeNamed(facts, reading),
      reason: isolate(facts.cancellationReason),
    });
  },
  pagePath: (approval) => `/notices-desk/${approval.targetId}`,
};
