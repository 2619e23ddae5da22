/**
 * The auditor's pages over the tenant's audit trail: search (GET form, no state changed), export
 * of what a filter matches as CSV or JSON (each export is itself an audited action), and
 * verification of the hash chain as documented in docs/audit-trail.md.
 */
import { Router, type Request, type Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import { intlLocale } from '../i18n/format.js';
import { fieldMessages, parseInput, ValidationError } from '../http/validate.js';
import { auditContextOf } from '../identity/passport.js';
import { requirePolicy } from '../identity/policy.js';
import type { Deps } from '../deps.js';
import { inTenant } from '../tenancy/tenant-context.js';
import {
  AuditFilter,
  countAudit,
  EXPORT_CAP,
  exportRows,
  filterCriteria,
  PAGE_SIZE,
  searchAudit,
  type AuditRecord,
} from './search.js';
import { verifyAuditChain } from './verify.js';
import { checkHeads, listHeads } from './heads.js';

const FORM_FIELDS = ['actor', 'action', 'targetType', 'targetId', 'from', 'to'] as const;
const CSV_COLUMNS = [
  'seq',
  'at',
  'actor_type',
  'actor_id',
  'actor_label',
  'action',
  'target_type',
  'target_id',
  'summary',
  'request_id',
  'client_address',
  'entry_hash',
  'block_no',
] as const;

type Parsed = { ok: true; filter: AuditFilter } | { ok: false; errors: Record<string, string> };

function readFilter(req: Request): Parsed {
  try {
    return { ok: true, filter: parseInput(AuditFilter, req.query) };
  } catch (error) {
    if (error instanceof ValidationError) return { ok: false, errors: fieldMessages(error, req.t) };
    throw error;
  }
}

/** What the auditor typed, to put back in the form (strings only: repeated parameters are dropped). */
function formValues(req: Request): Record<string, string> {
  const query = req.query as Record<string, unknown>;
  return Object.fromEntries(FORM_FIELDS.map((f) => [f, typeof query[f] === 'string' ? query[f] : '']));
}

const queryString = (params: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();

/** Audit data is for the auditor's eyes only: never kept by a browser or a proxy cache. */
const noStore = (res: Response) => res.set('Cache-Control', 'no-store');

function timeFormat(req: Request): Intl.DateTimeFormat {
  const { timeZone, numberingSystem } = req.tenant!.config;
  return new Intl.DateTimeFormat(intlLocale(req.lng, numberingSystem), {
    dateStyle: 'medium',
    timeStyle: 'medium',
    timeZone,
  });
}

/** A calendar day in the tenant's time zone, YYYY-MM-DD (for file names). */
function localDay(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(at)
    .reduce<Record<string, string>>((all, p) => ({ ...all, [p.type]: p.value }), {});
  return `${parts.year}-${parts.month}-${parts.day}`;
}

function actorText(req: Request, row: AuditRecord): string {
  if (row.actorLabel) return row.actorLabel;
  if (row.actorId) return row.actorId;
  return req.t(`audit:actor_${row.actorType}`);
}

function searchPage(req: Request, extra: Record<string, unknown>) {
  return {
    title: req.t('audit:title'),
    form: formValues(req),
    zone: req.tenant!.config.timeZone,
    exportCap: EXPORT_CAP,
    ...extra,
  };
}

/** The 422 page for a filter that does not parse: the form again, with a message per field. */
function invalidFilter(req: Request, res: Response, errors: Record<string, string>): void {
  const general = errors.page ?? errors['(body)'];
  res
    .status(422)
    .render('audit/search', searchPage(req, { errors, error: general ?? req.t('validation:failed'), searched: false }));
}

const csvRecord = (row: AuditRecord) => ({
  seq: row.seq,
  at: row.at.toISOString(),
  actor_type: row.actorType,
  actor_id: row.actorId,
  actor_label: row.actorLabel,
  action: row.action,
  target_type: row.targetType,
  target_id: row.targetId,
  summary: JSON.stringify(row.summary),
  request_id: row.requestId,
  client_address: row.clientAddress,
  entry_hash: row.entryHash,
  block_no: row.blockNo,
});

const jsonRecord = (row: AuditRecord) => ({ ...row, at: row.at.toISOString() });

export function auditPages(services: Deps): Router {
  const router = Router();

  router.get('/audit', requirePolicy('audit:read'), async (req, res) => {
    noStore(res);
    const parsed = readFilter(req);
    if (!parsed.ok) return invalidFilter(req, res, parsed.errors);
    const tenant = req.tenant!;
    const { filter } = parsed;
    const result = await inTenant(tenant, (tx) => searchAudit(tx, filter, PAGE_SIZE, tenant.config.timeZone));
    const criteria = filterCriteria(filter);
    const pageLink = (page: number) => `${req.baseUrl}/audit?${queryString({ ...criteria, page })}`;
    const format = timeFormat(req);
    res.render(
      'audit/search',
      searchPage(req, {
        searched: true,
        total: result.total,
        page: result.page,
        pages: result.pages,
        previous: result.page > 1 ? pageLink(Math.min(result.page - 1, result.pages)) : undefined,
        next: result.page < result.pages ? pageLink(result.page + 1) : undefined,
        paginate: result.pages > 1 || result.page > 1,
        exportQuery: Object.keys(criteria).length > 0 ? `?${queryString(criteria)}` : '',
        capped: result.total > EXPORT_CAP,
        rows: result.rows.map((row) => ({
          seq: row.seq,
          atIso: row.at.toISOString(),
          atLocal: format.format(row.at),
          actor: actorText(req, row),
          action: row.action,
          targetType: row.targetType,
          targetId: row.targetId,
          summary: JSON.stringify(row.summary),
          clientAddress: row.clientAddress,
          blockNo: row.blockNo,
        })),
      }),
    );
  });

  const exportAs = (kind: 'csv' | 'json') => async (req: Request, res: Response) => {
    noStore(res);
    const parsed = readFilter(req);
    if (!parsed.ok) return invalidFilter(req, res, parsed.errors);
    const tenant = req.tenant!;
    const zone = tenant.config.timeZone;
    const criteria = filterCriteria(parsed.filter);
    // Read and record in one transaction: the trail shows exactly the exports that were served.
    const { rows, truncated, at } = await inTenant(tenant, async (tx) => {
      const rows = await exportRows(tx, parsed.filter, zone);
      const truncated = rows.length === EXPORT_CAP && (await countAudit(tx, parsed.filter, zone)) > EXPORT_CAP;
      const entry = await services.audit.record(tx, tenant, auditContextOf(req), {
        action: 'audit.exported',
        summary: { format: kind, filter: criteria, entries: rows.length, truncated },
      });
      return { rows, truncated, at: entry.at };
    });
    res.attachment(`audit-${tenant.slug}-${localDay(at, zone)}.${kind}`);
    if (truncated) res.set('X-Export-Truncated', String(EXPORT_CAP));
    if (kind === 'json') {
      res.json({
        tenant: tenant.slug,
        exportedAt: at.toISOString(),
        filter: criteria,
        truncated,
        entries: rows.map(jsonRecord),
      });
      return;
    }
    // RFC 4180 (CRLF, doubled quotes) with a byte-order mark so spreadsheet programs read UTF-8;
    // cells that a spreadsheet would run as a formula are prefixed with an apostrophe.
    const csv = stringify(rows.map(csvRecord), {
      header: true,
      columns: [...CSV_COLUMNS],
      bom: true,
      record_delimiter: 'windows',
      escape_formulas: true,
    });
    res.type('text/csv; charset=utf-8').send(csv);
  };
  router.get('/audit/export.csv', requirePolicy('audit:read'), exportAs('csv'));
  router.get('/audit/export.json', requirePolicy('audit:read'), exportAs('json'));

  router.get('/audit/verify', requirePolicy('audit:read'), async (req, res) => {
    noStore(res);
    const tenant = req.tenant!;
    const report = await verifyAuditChain(tenant);
    // An intact chain is also held against the heads signed when its blocks were sealed: a rewrite
    // with every hash recomputed still differs from them.
    const heads = await listHeads(tenant);
    const headMismatch = report.valid ? await checkHeads(tenant, services.keys, heads) : undefined;
    const broken =
      report.broken ?? (headMismatch && { blockNo: headMismatch.blockNo, reason: `head-${headMismatch.reason}` });
    res.render('audit/verify', {
      title: req.t('audit:verify_title'),
      report: { ...report, valid: report.valid && !headMismatch, broken },
      signedHeads: heads.length,
      headsUrl: `${req.baseUrl}/api/v1/audit/heads`,
      reason: broken ? req.t(`audit:reason_${broken.reason.replaceAll('-', '_')}`) : undefined,
      docPath: 'docs/audit-trail.md',
      cliCommand: `npm run audit -- verify ${tenant.slug}`,
    });
  });

  return router;
}
