/**
 * Sealed bids: the supplier's bid page (server time shown live, receipts, withdrawal) and the API.
 * Both parse multipart (proposal files) before anything else, then call the same service.
 */
import { Router, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { AppError, NotFoundError } from '../../http/errors.js';
import type { ApiDoc } from '../../http/api-doc-legacy.js';
import { fieldMessages, parseInput } from '../../http/validate.js';
import { formatDateTime } from '../../i18n/format.js';
import type { csrfProtection } from '../../identity/csrf.js';
import { clientDevice } from '../../identity/devices.js';
import { auditContextOf } from '../../identity/passport.js';
import { publicRoute, requirePolicy } from '../../identity/policy.js';
import { multipleReservePrice } from '../../regulations/reserve-price.js';
import type { Deps } from '../../deps.js';
import { checkDocuments, receiveDocuments } from '../../suppliers/documents.js';
import { inTenant } from '../../tenancy/tenant-context.js';
import { now } from '../../time/clock.js';
import type { NoticeRow } from '../notices/read.js';
import { bidSchema } from './schema.js';
import { bidsService, ownBids } from './service.js';

type Csrf = ReturnType<typeof csrfProtection>;

async function submitFrom(services: Deps, req: Request, res: Response) {
  const input = parseInput(bidSchema(req.tenant!.config.currency), req.body ?? {});
  const files = await checkDocuments((req.files as Express.Multer.File[] | undefined) ?? []);
  return bidsService(services).submit(
    req.tenant!,
    req.user!,
    auditContextOf(req),
    clientDevice(req, res),
    String(req.params.id),
    input,
    files,
  );
}

export function bidPages(services: Deps, csrf: Csrf): Router {
  const router = Router();

  async function bidPage(req: Request, res: Response, status = 200, extra: Record<string, unknown> = {}) {
    const c = req.tenant!.config;
    const id = String(req.params.id);
    const { notice, at } = await inTenant(req.tenant!, async (tx: Knex.Transaction) => ({
      notice: /^[0-9a-f-]{36}$/.test(id)
        ? await tx<NoticeRow>('notices').where({ id }).whereNot('status', 'planning').first()
        : undefined,
      at: await now(tx),
    }));
    if (!notice) throw new NotFoundError('notice_not_found', 'notices:not_found');
    const reserve = notice.reserve_candidates ? multipleReservePrice(c, notice.published_at ?? at) : undefined;
    const candidates = reserve?.rule.candidates ?? 0;
    const picksPerBidder = reserve?.rule.picksPerBidder ?? 0;
    const fmt = (d: Date) => formatDateTime(d, req.lng, c.timeZone, c.numberingSystem);
    res.status(status).render('bids/form', {
      title: req.t('bids:title'),
      notice: {
        id: notice.id,
        noticeNo: notice.notice_no,
        titleText: notice.title[req.lng] ?? Object.values(notice.title)[0] ?? '',
        deadline: notice.submission_deadline.toISOString(),
        deadlineText: fmt(notice.submission_deadline),
        securityPercent: Number(notice.bid_security_percent),
        lots: notice.lots,
      },
      open: notice.status === 'active' && !notice.opened_at && at < notice.submission_deadline,
      serverTime: at.toISOString(),
      serverTimeText: fmt(at),
      timeZone: c.timeZone,
      currency: c.currency,
      picks: Array.from({ length: candidates }, (_, i) => i + 1),
      picksPerBidder,
      receipts: (await ownBids(req.tenant!, req.user!.supplierId!, notice.id)).map((b) => ({
        ...b,
        submittedText: fmt(b.submittedAt),
        statusLabel: req.t(`bids:status_${b.status}`),
        current: b.status === 'current',
      })),
      values: {},
      errors: {},
      ...extra,
    });
  }

  router.get('/notices/:id/bid', requirePolicy('bids:submit'), csrf.token, (req, res) => bidPage(req, res));

  router.post(
    '/notices/:id/bid',
    requirePolicy('bids:submit'),
    services.limits.uploads(),
    (req, res, next) => void receiveDocuments(req, res, 'files').then(() => next(), next),
    csrf.protect,
    csrf.token,
    async (req, res) => {
      try {
        const receipt = await submitFrom(services, req, res);
        res
          .status(201)
          .render('bids/receipt', { title: req.t('bids:receipt_title'), receipt, noticeId: req.params.id });
      } catch (error) {
        if (!(error instanceof AppError) || error.status === 404) throw error;
        await bidPage(req, res, error.status, {
          values: req.body as Record<string, unknown>,
          errors: fieldMessages(error, req.t),
          error: error.details.length > 0 ? req.t('validation:failed') : req.t(error.key, error.params),
        });
      }
    },
  );

  router.post('/bids/:id/withdraw', requirePolicy('bids:submit'), csrf.protect, async (req, res) => {
    const { noticeId } = parseInput(bidNoticeRef, req.body ?? {});
    await bidsService(services).withdraw(req.tenant!, req.user!, auditContextOf(req), String(req.params.id));
    res.redirect(303, `${req.baseUrl}/notices/${noticeId}/bid`);
  });
  return router;
}

const bidNoticeRef = z.object({ noticeId: z.uuid() });

export function bidApi(services: Deps, doc: ApiDoc): Router {
  const router = Router();

  doc.add({
    method: 'get',
    path: '/time',
    tag: 'bids',
    summary: "The server's time: the clock that decides whether a bid is on time",
    authenticated: false,
    responses: { '200': { description: 'serverTime (ISO 8601) and the tenant time zone' } },
  });
  router.get('/time', publicRoute, async (req, res) => {
    const at = await inTenant(req.tenant!, (tx) => now(tx));
    res.json({ serverTime: at.toISOString(), timeZone: req.tenant!.config.timeZone });
  });

  doc.add({
    method: 'post',
    path: '/notices/{id}/bids',
    tag: 'bids',
    summary:
      'Submit a sealed bid (JSON, or multipart with proposal files in `files`); replaces your current bid for the lot',
    authenticated: true,
    body: bidSchema('USD'),
    responses: {
      '201': { description: 'Receipt: number, server time, SHA-256 of the submission' },
      '403': { description: 'Supplier not approved, registration expired, or debarred (reason given)' },
      '409': { description: 'After the deadline (deadline and serverTime given)' },
      '413': { description: 'Upload too large' },
      '429': { description: 'Too many uploads by this account; see Retry-After' },
      '415': { description: 'Upload type not accepted' },
      '422': { description: 'Invalid input, field by field' },
    },
  });
  router.post(
    '/notices/:id/bids',
    requirePolicy('bids:submit'),
    services.limits.uploads(),
    (req, res, next) => void receiveDocuments(req, res, 'files').then(() => next(), next),
    async (req, res) => {
      res.status(201).json(await submitFrom(services, req, res));
    },
  );

  doc.add({
    method: 'get',
    path: '/notices/{id}/bids/mine',
    tag: 'bids',
    summary: "Your company's receipts for a notice (contents stay sealed until opening)",
    authenticated: true,
    responses: { '200': { description: 'Receipts' } },
  });
  router.get('/notices/:id/bids/mine', requirePolicy('bids:submit'), async (req, res) => {
    res.json({ bids: await ownBids(req.tenant!, req.user!.supplierId!, String(req.params.id)) });
  });

  doc.add({
    method: 'post',
    path: '/bids/{id}/withdraw',
    tag: 'bids',
    summary: 'Withdraw your current bid before the deadline',
    authenticated: true,
    responses: { '204': { description: 'Withdrawn' }, '409': { description: 'After the deadline' } },
  });
  router.post('/bids/:id/withdraw', requirePolicy('bids:submit'), async (req, res) => {
    await bidsService(services).withdraw(req.tenant!, req.user!, auditContextOf(req), String(req.params.id));
    res.status(204).end();
  });
  return router;
}
