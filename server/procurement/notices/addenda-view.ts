/**
 * Addenda as pages and the API show them: what each changed, one sentence each in the reader's
 * language; the documents-and-addenda block of the public notice page (views/notices/show.hbs);
 * the officer's addendum form; an issued addendum as JSON.
 */
import type { Request, Response } from 'express';
import type { FormPage, FormRefusal } from '../../http/forms.js';
import { formatDateTime } from '../../i18n/format.js';
import { can } from '../../identity/policy.js';
import type { AddendumRow } from './addenda.js';
import type { IssuedAddendum } from './amend.js';
import { readAddendumForm } from './desk-read.js';
import { publicDocument, type DocumentRow } from './documents.js';
import { MAX_NOTICE_DOCUMENT_BYTES, MAX_NOTICE_FILES } from './errors.js';
import type { NoticeRow } from './read.js';

export function issuedView(issued: IssuedAddendum) {
  return {
    number: issued.number,
    revision: issued.revision,
    noticeNo: issued.noticeNo,
    submissionDeadline: issued.deadline.toISOString(),
    openingAt: issued.opening.toISOString(),
    extendedByRule: issued.extendedByRule,
    appliedRules: issued.rules,
  };
}

/** The sentences about the dates an addendum moved. */
function dateLines(req: Request, a: AddendumRow): string[] {
  const c = req.actor.tenant.config;
  const when = (iso: string) => formatDateTime(new Date(iso), req.lng, c.timeZone, c.numberingSystem);
  const period = (count: number, unit: string) => req.t(`addenda:${unit}_days`, { count });
  const ch = a.changes;
  const lines: string[] = [];
  if (ch.outage)
    lines.push(
      req.t('addenda:change_outage', {
        from: when(ch.outage.from),
        to: when(ch.outage.to),
        period: period(ch.outage.days, ch.outage.unit),
        rule: a.applied_rules[0],
      }),
    );
  if (ch.submissionDeadline)
    lines.push(
      req.t('addenda:change_deadline', {
        before: when(ch.submissionDeadline.before),
        after: when(ch.submissionDeadline.after),
      }),
    );
  if (ch.leadTime)
    lines.push(
      req.t('addenda:change_extended', {
        lead: period(ch.leadTime.days, ch.leadTime.unit),
        extend: period(ch.leadTime.extendBy, ch.leadTime.unit),
        rule: ch.leadTime.rule,
      }),
    );
  if (ch.openingAt)
    lines.push(req.t('addenda:change_opening', { before: when(ch.openingAt.before), after: when(ch.openingAt.after) }));
  return lines;
}

/** What an addendum changed, one sentence each, in the reader's language. */
function changeLines(req: Request, a: AddendumRow): string[] {
  const lines = dateLines(req, a);
  const ch = a.changes;
  const replacedBy = new Map((ch.documents?.superseded ?? []).map((s) => [s.by, s.file]));
  for (const d of ch.documents?.added ?? []) {
    const old = replacedBy.get(d.id);
    lines.push(
      old ? req.t('addenda:change_replaced', { old, file: d.file }) : req.t('addenda:change_added', { file: d.file }),
    );
  }
  return lines.length > 0 ? lines : [req.t('addenda:change_none')];
}

/** The documents and addenda of a published notice, for its page. */
export function addendaBlock(
  req: Request,
  notice: NoticeRow,
  { documents, addenda, open }: { documents: DocumentRow[]; addenda: AddendumRow[]; open: boolean },
) {
  const c = req.actor.tenant.config;
  const numbers = new Map(addenda.map((a) => [a.id, a.number]));
  return {
    documents: documents.map((d) => ({
      ...publicDocument(d, req.lng),
      superseded: d.superseded_by !== null,
      addendumNumber: d.addendum_id ? numbers.get(d.addendum_id) : undefined,
    })),
    addenda: addenda.map((a) => ({
      number: a.number,
      summary: a.summary,
      issuedText: formatDateTime(a.issued_at, req.lng, c.timeZone, c.numberingSystem),
      lines: changeLines(req, a),
      rules: a.applied_rules,
    })),
    canAmend: open && can(req.user, 'notices:manage', notice.agency_id),
  };
}

/** The form's summary line: a message about the whole form, or the refusal's. */
function refusalLocals(req: Request, refusal: FormRefusal) {
  return {
    values: refusal.values,
    errors: refusal.errors,
    error: refusal.errors['(body)'] ?? refusal.error,
  };
}

/** The officer's form to issue an addendum to a notice of their agency. */
export const addendumFormPage: FormPage = async (req: Request, res: Response, refusal?: FormRefusal) => {
  const id = String(req.params.id);
  const c = req.actor.tenant.config;
  const data = await readAddendumForm(req.actor, id);
  const when = (d: Date) => formatDateTime(d, req.lng, c.timeZone, c.numberingSystem);
  res.render('notices/addendum-new', {
    title: req.t('addenda:new_title'),
    noticeId: id,
    noticeNo: data.notice.notice_no,
    noticeTitle: data.notice.title[req.lng] ?? Object.values(data.notice.title)[0] ?? '',
    deadlineText: when(data.notice.submission_deadline),
    openingText: when(data.notice.opening_at),
    documents: data.documents.map((d) => ({ ...publicDocument(d, req.lng), field: `replace_${d.id}` })),
    timeZone: c.timeZone,
    maxMb: MAX_NOTICE_DOCUMENT_BYTES / 1024 / 1024,
    maxFiles: MAX_NOTICE_FILES,
    values: {},
    errors: {},
    ...(refusal ? refusalLocals(req, refusal) : {}),
  });
};
