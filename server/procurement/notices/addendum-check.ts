/**
 * Issuing an addendum as a request for a mutual check (server/approvals/): a second officer of the
 * notice's agency decides, reading exactly what changes: the dates that move, the documents added
 * and replaced. The files wait in held-documents.ts; checked-addendum.ts carries it out.
 */
import type { TFunction } from 'i18next';
import type { ApprovalKindSpec, Reading } from '../../approvals/approval.js';
import { formatList } from '../../i18n/format.js';
import { isolate } from '../../work/formats.js';
import { momentIn, noticeNamed } from '../../approvals/reading.js';
import type { AddendumChanges, AddendumInput } from './addendum-input.js';
import type { NoticeRow } from './read.js';

/** What the checker reads, and what the approval issues again: the officer's input and its effect as asked. */
export interface AddendumFacts {
  noticeNo: string | null;
  title: Record<string, string>;
  text: string;
  /** The dates the officer asked for (ISO), absent when kept. */
  requested: { deadline?: string; opening?: string };
  changes: AddendumChanges;
}

export function addendumFacts(notice: NoticeRow, input: AddendumInput, changes: AddendumChanges) {
  const facts: AddendumFacts = {
    noticeNo: notice.notice_no,
    title: notice.title,
    text: input.summary,
    requested: {
      ...(input.submissionDeadline ? { deadline: input.submissionDeadline.toISOString() } : {}),
      ...(input.openingAt ? { opening: input.openingAt.toISOString() } : {}),
    },
    changes,
  };
  return { ...facts };
}

/** The changes as sentences: dates that move, documents added, documents replaced. */
function changeSentences(t: TFunction, changes: AddendumChanges, reading: Reading): string[] {
  const { lng } = reading;
  const when = (iso: string) => momentIn(iso, reading);
  const files = (names: string[]) => formatList(names.map(isolate), lng);
  const out: string[] = [];
  const { submissionDeadline: deadline, openingAt: opening, documents } = changes;
  if (deadline)
    out.push(t('approvals:addendum_deadline_moves', { before: when(deadline.before), after: when(deadline.after) }));
  if (opening)
    out.push(t('approvals:addendum_opening_moves', { before: when(opening.before), after: when(opening.after) }));
  if (!deadline && !opening) out.push(t('approvals:addendum_dates_kept'));
  const replacing = new Set((documents?.superseded ?? []).map((d) => d.by));
  const added = (documents?.added ?? []).filter((d) => !replacing.has(d.id));
  if (added.length > 0) out.push(t('approvals:addendum_documents_added', { files: files(added.map((d) => d.file)) }));
  for (const old of documents?.superseded ?? []) {
    const by = documents?.added.find((d) => d.id === old.by);
    out.push(t('approvals:addendum_document_replaced', { old: isolate(old.file), new: isolate(by?.file ?? '') }));
  }
  return out;
}

export const noticeAddendumKind: ApprovalKindSpec = {
  name: 'notice-addendum',
  approverRole: 'officer',
  targetType: 'notice',
  reasonRequired: false,
  describe(t: TFunction, approval, reading) {
    const facts = approval.summary as unknown as AddendumFacts;
    return t('approvals:describe_notice_addendum', {
      notice: noticeNamed(facts, reading),
      summary: isolate(facts.text),
      changes: changeSentences(t, facts.changes, reading).join(' '),
    });
  },
  pagePath: (approval) => `/notices-desk/${approval.targetId}`,
};
