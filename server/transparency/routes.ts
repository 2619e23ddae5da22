/**
 * The public transparency portal of a tenant, without sign-in: /transparency (the front page),
 * the five lists with their CSV and XLSX downloads (`?format=csv|xlsx`), agency and supplier
 * pages, statistics and the signed audit heads. Every page is anonymous work: each request spends
 * the `public-search` limit like the other public listings, and a download is capped at
 * DOWNLOAD_ROWS rows (lists-read.ts). A query the portal cannot read answers a localized 400 page.
 */
import { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import type { Deps } from '../deps.js';
import { csvFile, CSV_TYPE, xlsxFile, XLSX_TYPE } from '../exports/spreadsheet.js';
import { IdParams } from '../http/params.js';
import { parsedQuery, validate, ValidationError } from '../http/validate.js';
import { publicRoute } from '../identity/policy.js';
import { readAuditHeads } from './audit-heads-read.js';
import { auditHeadsPageModel } from './audit-heads-view.js';
import { PortalQueryError } from './errors.js';
import { readerOf } from './formats.js';
import { listExports } from '../ocds/exports.js';
import { readPublished } from './front-read.js';
import { frontPageModel } from './front-view.js';
import { listPageModel, listSheet } from './list-page-view.js';
import { LIST_NAMES, LIST_STATUSES, readFilterChoices, readList, type ListName } from './lists-read.js';
import { readAgencyProfile, readSupplierProfile } from './profiles-read.js';
import { agencyPageModel, supplierPageModel } from './profiles-view.js';
import { AgencyParams, ListQuery, listQueryWith, PageQuery, StatisticsQuery } from './schema.js';
import { readStatistics, statisticsYear } from './statistics-read.js';
import { statisticsPageModel } from './statistics-view.js';

const queryOf = (list: ListName) => {
  const statuses = LIST_STATUSES[list];
  return statuses ? listQueryWith(statuses) : ListQuery;
};

/** A list's page, or its rows as a file. */
function listHandler(list: ListName) {
  const schema = queryOf(list);
  return async (req: Request, res: Response) => {
    const { format, ...filter } = parsedQuery(req, schema);
    const r = readerOf(req);
    const download = format !== 'html';
    const page = await readList(req.actor, list, filter, { lng: req.lng, download });
    if (!download) {
      const choices = await readFilterChoices(req.actor);
      return res.render('transparency/list', listPageModel(r, list, filter, choices, page));
    }
    const sheet = listSheet(r, list, page);
    res.attachment(`${req.actor.tenant.slug}-${list}.${format}`);
    if (format === 'csv') res.type(CSV_TYPE).send(csvFile(sheet));
    else res.type(XLSX_TYPE).send(await xlsxFile(sheet));
  };
}

/** A filter or page number that does not read is the reader's mistake in an address: 400, not a form's 422. */
const badQuery: ErrorRequestHandler = (error, _req, _res, next) =>
  next(error instanceof ValidationError ? new PortalQueryError(error.details) : error);

export function transparencyPages(deps: Pick<Deps, 'limits'>): Router {
  const router = Router();
  const limit = deps.limits.perAddress('public-search');

  router.get('/transparency', publicRoute, limit, async (req, res) => {
    const published = await readPublished(req.actor);
    res.render('transparency/front', frontPageModel(readerOf(req), published, await listExports(req.actor.tenant)));
  });

  for (const list of LIST_NAMES)
    router.get(`/transparency/${list}`, publicRoute, limit, validate({ query: queryOf(list) }), listHandler(list));

  router.get(
    '/transparency/agencies/:code',
    publicRoute,
    limit,
    validate({ params: AgencyParams }),
    async (req, res) => {
      const profile = await readAgencyProfile(req.actor, req.params.code, req.lng);
      res.render('transparency/agency', agencyPageModel(readerOf(req), profile));
    },
  );

  router.get('/transparency/suppliers/:id', publicRoute, limit, validate({ params: IdParams }), async (req, res) => {
    const profile = await readSupplierProfile(req.actor, req.params.id, req.lng);
    res.render('transparency/supplier', supplierPageModel(readerOf(req), profile));
  });

  router.get('/transparency/statistics', publicRoute, limit, validate({ query: StatisticsQuery }), async (req, res) => {
    const year = await statisticsYear(req.actor, parsedQuery(req, StatisticsQuery).year);
    const statistics = await readStatistics(req.actor, year);
    const choices = await readFilterChoices(req.actor);
    res.render('transparency/statistics', statisticsPageModel(readerOf(req), statistics, choices.years));
  });

  router.get('/transparency/audit-heads', publicRoute, limit, validate({ query: PageQuery }), async (req, res) => {
    const { page } = parsedQuery(req, PageQuery);
    const { heads, more } = await readAuditHeads(req.actor, page);
    res.render('transparency/audit-heads', auditHeadsPageModel(readerOf(req), heads, page, more));
  });

  router.use('/transparency', badQuery);
  return router;
}
