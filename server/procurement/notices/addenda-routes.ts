/**
 * Addenda over HTTP: the officer's form and the API to issue one (multipart, with added documents
 * in "documents" and a replacement of document X in "replace_X"), the public list, and the
 * documents-and-addenda block of the public notice page (views/notices/show.hbs), whose data this
 * router adds to the page before the notice page's own handler renders it.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { AppError, NotFoundError } from '../../http/errors.js';
import type { ApiDoc } from '../../http/api-doc-legacy.js';
import { fieldMessages, parseInput, ValidationError } from '../../http/validate.js';
import { formatDateTime } from '../../i18n/format.js';
import type { csrfProtection } from '../../identity/csrf.js';
import { auditContextOf } from '../../identity/passport.js';
import { can, publicRoute, requirePolicy } from '../../identity/policy.js';
import type { Deps } from '../../deps.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { now } from '../../time/clock.js';
import {
  addendaService,
  addendumSchema,
  noticeAddenda,
  publicAddendum,
  type AddendumInput,
  type AddendumRow,
} from './addenda.js';
import type { IssuedAddendum } from './amend.js';
import {
  checkNoticeDocuments,
  isUuid,
  MAX_NOTICE_DOCUMENT_BYTES,
  MAX_NOTICE_FILES,
  noticeDocuments,
  parseNoticeMultipart,
  publicDocument,
} from './documents.js';

type Csrf = ReturnType<typeof csrfProtection>;
const REPLACE = /^replace_([0-9a-f-]{36})$/;

/** The fields, then the files: a file field other than documents / replace_<id> is refused. */
async function addendumInput(req: Request, files: Express.Multer.File[]): Promise<AddendumInput> {
  const fields = parseInput(addendumSchema(req.tenant!.config.timeZone), req.body ?? {});
  const stray = files.find((f) => f.fieldname !== 'documents' && !REPLACE.test(f.fieldname));
  if (stray) throw new ValidationError([{ field: stray.fieldname, key: 'addenda:unexpected_file' }]);
  const added = await checkNoticeDocuments(files.filter((f) => f.fieldname === 'documents'));
  const replacements = [];
  for (const file of files.filter((f) => REPLACE.test(f.fieldname))) {
    const [document] = await checkNoticeDocuments([file]);
    replacements.push({ replaces: REPLACE.exec(file.fieldname)![1]!, document: document! });
  }
  return { ...fields, added, replacements };
}

function issuedView(issued: IssuedAddendum) {
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

/** What an addendum changed, one sentence each, in the reader's language. */
function changeLines(req: Request, a: AddendumRow): string[] {
  const c = req.tenant!.config;
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
  const replacedBy = new Map((ch.documents?.superseded ?? []).map((s) => [s.by, s.file]));
  for (const d of ch.documents?.added ?? []) {
    const old = replacedBy.get(d.id);
    lines.push(
      old ? req.t('addenda:change_replaced', { old, file: d.file }) : req.t('addenda:change_added', { file: d.file }),
    );
  }
  return lines.length > 0 ? lines : [req.t('addenda:change_none')];
}

/** The documents and addenda of a published notice, for its page; undefined for anything else. */
async function noticeBlock(req: Request) {
  const id = String(req.params.id);
  if (!isUuid(id)) return undefined;
  const c = req.tenant!.config;
  return inTenant(req.tenant!, async (tx) => {
    const notice = await tx('notices')
      .where({ id })
      .whereNot('status', 'planning')
      .first<{ agency_id: string; status: string; submission_deadline: Date; opened_at: Date | null } | undefined>(
        'agency_id',
        'status',
        'submission_deadline',
        'opened_at',
      );
    if (!notice) return undefined;
    const addenda = await noticeAddenda(tx, id);
    const numbers = new Map(addenda.map((a) => [a.id, a.number]));
    const open = notice.status === 'active' && !notice.opened_at && notice.submission_deadline > (await now(tx));
    return {
      documents: (await noticeDocuments(tx, id)).map((d) => ({
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
  });
}

export function addendumPages(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const addenda = addendaService(services);

  // Runs before the notice page's handler (mounted ahead of it in app.ts) and leaves the block's
  // data in res.locals, which the page's template reads.
  router.get('/notices/:id', publicRoute, async (req: Request, res: Response, next: NextFunction) => {
    res.locals.addendaBlock = await noticeBlock(req);
    next();
  });

  async function formPage(req: Request, res: Response, status = 200, extra: Record<string, unknown> = {}) {
    const id = String(req.params.id);
    const c = req.tenant!.config;
    const data = isUuid(id)
      ? await inTenant(req.tenant!, async (tx) => {
          const notice = await tx('notices').where({ id }).whereNot('status', 'planning').first<
            | {
                agency_id: string;
                notice_no: string;
                title: Record<string, string>;
                submission_deadline: Date;
                opening_at: Date;
              }
            | undefined
          >();
          const documents = await noticeDocuments(tx, id);
          return notice && { notice, documents: documents.filter((d) => !d.superseded_by) };
        })
      : undefined;
    if (!data || !can(req.user, 'notices:manage', data.notice.agency_id))
      throw new NotFoundError('notice_not_found', 'notices:not_found');
    const when = (d: Date) => formatDateTime(d, req.lng, c.timeZone, c.numberingSystem);
    res.status(status).render('notices/addendum-new', {
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
      ...extra,
    });
  }

  router.get('/notices-desk/:id/addenda/new', requirePolicy('notices:manage'), csrf.token, (req, res) =>
    formPage(req, res),
  );

  router.post(
    '/notices-desk/:id/addenda',
    requirePolicy('notices:manage'),
    services.limits.uploads(),
    async (req, res, next) => {
      const refuse = (error: AppError) =>
        csrf.token(
          req,
          res,
          () =>
            void formPage(req, res, error.status, {
              values: req.body as Record<string, unknown>,
              errors: fieldMessages(error, req.t),
              error:
                fieldMessages(error, req.t)['(body)'] ??
                (error.details.length > 0 ? req.t('validation:failed') : req.t(error.key, error.params)),
            }).catch(next),
        );
      let files: Express.Multer.File[];
      try {
        files = await parseNoticeMultipart(req, res);
      } catch (error) {
        if (!(error instanceof AppError)) return next(error);
        return refuse(error);
      }
      csrf.protect(req, res, async (csrfError?: unknown) => {
        if (csrfError) return next(csrfError);
        try {
          const input = await addendumInput(req, files);
          await addenda.issue(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), input);
          res.redirect(303, `${req.baseUrl}/notices/${String(req.params.id)}`);
        } catch (error) {
          if (!(error instanceof AppError) || error.status === 404 || error.status === 403) return next(error);
          refuse(error);
        }
      });
    },
  );
  return router;
}

export function addendumApi(services: Deps, doc: ApiDoc): Router {
  const router = Router();
  const addenda = addendaService(services);

  doc.add({
    method: 'get',
    path: '/notices/{id}/addenda',
    tag: 'notices',
    summary: 'Addenda of a notice: what changed, and the rule versions applied',
    authenticated: false,
    responses: { '200': { description: 'Addenda' } },
  });
  router.get('/notices/:id/addenda', publicRoute, async (req, res) => {
    const id = String(req.params.id);
    const rows = isUuid(id)
      ? await inTenant(req.tenant!, async (tx) =>
          (await tx('notices').where({ id }).whereNot('status', 'planning').first('id'))
            ? noticeAddenda(tx, id)
            : undefined,
        )
      : undefined;
    if (!rows) throw new NotFoundError('notice_not_found', 'notices:not_found');
    res.json({ addenda: rows.map(publicAddendum) });
  });

  doc.add({
    method: 'post',
    path: '/notices/{id}/addenda',
    tag: 'notices',
    summary:
      'Issue an addendum (JSON, or multipart with files in "documents" and "replace_<documentId>"): summary, ' +
      'optional submissionDeadline / openingAt; the lead-time rule may extend the deadline',
    authenticated: true,
    responses: {
      '201': { description: 'Issued: the new revision, dates and rule versions applied' },
      '413': { description: 'A file too large: nothing stored' },
      '429': { description: 'Too many uploads by this account; see Retry-After' },
      '415': { description: 'A file of another type: nothing stored' },
      '422': { description: 'Invalid input, or the notice is not open' },
    },
  });
  router.post('/notices/:id/addenda', requirePolicy('notices:manage'), services.limits.uploads(), async (req, res) => {
    const input = await addendumInput(req, await parseNoticeMultipart(req, res));
    const issued = await addenda.issue(req.tenant!, req.user!, auditContextOf(req), String(req.params.id), input);
    res.status(201).json(issuedView(issued));
  });
  return router;
}
