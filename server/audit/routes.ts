/**
 * The auditor's pages over the tenant's audit trail: search (GET form, no state changed), export
 * of what a filter matches as CSV or JSON (each export is itself an audited action), and
 * verification of the hash chain as documented in docs/audit-trail.md.
 */
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { ParamsDictionary } from 'express-serve-static-core';
import type { ParsedQs } from 'qs';
import type { Deps } from '../deps.js';
import { showFormAgain, type FormPage } from '../http/forms.js';
import { validate } from '../http/validate.js';
import { requirePolicy } from '../identity/policy.js';
import { exportFile } from './export-file.js';
import { auditReads } from './read.js';
import { AuditFilter, filterCriteria } from './search.js';
import { invalidFilterPage, resultsPage, verifyPage } from './view.js';

/** The query, once validate() has parsed it (express's types would keep ParsedQs for the chain). */
type Filtered = ParsedQs & AuditFilter;
type FilterHandler = RequestHandler<ParamsDictionary, unknown, unknown, Filtered>;

/** Audit data is for the auditor's eyes only: never kept by a browser or a proxy cache. */
const noStore = (_req: Request, res: Response, next: NextFunction) => {
  res.set('Cache-Control', 'no-store');
  next();
};

/** A filter that does not parse: the search form again (422), with a message per field. */
const searchAgain: FormPage = (req, res, refusal) => {
  res.render('audit/search', invalidFilterPage(req, refusal!));
};

export function auditPages(services: Pick<Deps, 'audit' | 'keys'>): Router {
  const router = Router();
  const reads = auditReads(services);

  const search: FilterHandler = async (req, res) => {
    const result = await reads.search(req.actor, req.query);
    res.render('audit/search', resultsPage(req, req.query, result));
  };
  router.get<'/audit', ParamsDictionary, unknown, unknown, Filtered>(
    '/audit',
    requirePolicy('audit:read'),
    noStore,
    validate({ query: AuditFilter }),
    search,
    showFormAgain(searchAgain),
  );

  const exportAs =
    (format: 'csv' | 'json'): FilterHandler =>
    async (req, res) => {
      const exported = await reads.exportEntries(req.actor, { format, filter: req.query });
      const file = exportFile(req.actor.tenant, format, { ...exported, criteria: filterCriteria(req.query) });
      res.attachment(file.name);
      if (file.truncatedAt !== undefined) res.set('X-Export-Truncated', String(file.truncatedAt));
      if (file.csv !== undefined) res.type('text/csv; charset=utf-8').send(file.csv);
      else res.json(file.json);
    };
  for (const format of ['csv', 'json'] as const)
    router.get<`/audit/export.${typeof format}`, ParamsDictionary, unknown, unknown, Filtered>(
      `/audit/export.${format}`,
      requirePolicy('audit:read'),
      noStore,
      validate({ query: AuditFilter }),
      exportAs(format),
      showFormAgain(searchAgain),
    );

  router.get('/audit/verify', requirePolicy('audit:read'), noStore, async (req, res) => {
    res.render('audit/verify', verifyPage(req, await reads.verification(req.actor)));
  });

  return router;
}
