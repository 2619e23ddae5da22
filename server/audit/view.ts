/** What the auditor's search and verification pages show, in the reader's language and the tenant's time zone. */
import type { Request } from 'express';
import type { FormRefusal } from '../http/forms.js';
import { intlLocale } from '../i18n/format.js';
import { actionLabel } from './action-label.js';
import type { Verification } from './read.js';
import { EXPORT_CAP, filterCriteria, type AuditFilter, type AuditPage, type AuditRecord } from './search.js';
import { dateTimeFormat } from '../i18n/intl-cache.js';

const FORM_FIELDS = ['actor', 'action', 'targetType', 'targetId', 'from', 'to'] as const;

/**
 * What the auditor typed, to put back in the form: read from the address as it came, before the
 * filter was parsed (strings only: repeated parameters are dropped).
 */
function formValues(req: Request): Record<string, string> {
  const given = new URL(req.originalUrl, 'http://localhost').searchParams;
  return Object.fromEntries(
    FORM_FIELDS.map((f) => [f, given.getAll(f).length === 1 && !given.has(`${f}[]`) ? given.get(f)! : '']),
  );
}

const queryString = (params: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();

function timeFormat(req: Request): Intl.DateTimeFormat {
  const { timeZone, numberingSystem } = req.actor.tenant.config;
  return dateTimeFormat(intlLocale(req.lng, numberingSystem), {
    dateStyle: 'medium',
    timeStyle: 'medium',
    timeZone,
  });
}

function actorText(req: Request, row: AuditRecord): string {
  if (row.actorLabel) return row.actorLabel;
  if (row.actorId) return row.actorId;
  return req.t(`audit:actor_${row.actorType}`);
}

/** The call-center ticket a look or action was made under, from its summary. */
function ticketOf(summary: unknown): string | undefined {
  const ticket = summary && typeof summary === 'object' ? (summary as { ticket?: unknown }).ticket : undefined;
  return typeof ticket === 'string' ? ticket : undefined;
}

function searchPage(req: Request, extra: Record<string, unknown>) {
  return {
    title: req.t('audit:title'),
    form: formValues(req),
    zone: req.actor.tenant.config.timeZone,
    exportCap: EXPORT_CAP,
    ...extra,
  };
}

/** The search form again, with a message per field, for a filter that does not parse. */
export function invalidFilterPage(req: Request, refusal: FormRefusal) {
  const { errors } = refusal;
  const general = errors.page ?? errors['(body)'];
  return searchPage(req, { errors, error: general ?? req.t('validation:failed'), searched: false });
}

/** The search form with one page of results and the links to the others and to the export. */
export function resultsPage(req: Request, filter: AuditFilter, result: AuditPage) {
  const criteria = filterCriteria(filter);
  const pageLink = (page: number) => `${req.baseUrl}/audit?${queryString({ ...criteria, page })}`;
  const format = timeFormat(req);
  return searchPage(req, {
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
      actionText: actionLabel(req, row.action),
      targetType: row.targetType,
      targetId: row.targetId,
      summary: JSON.stringify(row.summary),
      // A call-center look or action names its ticket: the auditor reads the number, not a key.
      ticket: ticketOf(row.summary),
      clientAddress: row.clientAddress,
      blockNo: row.blockNo,
    })),
  });
}

export function verifyPage(req: Request, verification: Verification) {
  const { report, broken, signedHeads } = verification;
  return {
    title: req.t('audit:verify_title'),
    report,
    signedHeads,
    headsUrl: `${req.baseUrl}/api/v1/audit/heads`,
    reason: broken ? req.t(`audit:reason_${broken.reason.replaceAll('-', '_')}`) : undefined,
    docPath: 'docs/audit-trail.md',
    cliCommand: `npm run audit -- verify ${req.actor.tenant.slug}`,
  };
}
