/**
 * The staff desk's outage page (/platform/outages): a platform operator records a window in which
 * a tenant's system was unavailable; open notices whose deadline fell inside it are extended by
 * the tenant's outage-extension rule (procurement/notices/outages.ts), in that tenant's audit
 * trail under the operator's name. Mounted after the staff desk's router (app.ts), whose
 * middleware signs the staff member in for every /platform path; without one this page sends to
 * the sign-in page, as the desk's own pages do.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AuditContext } from '../audit/trail.js';
import { AppError } from '../http/errors.js';
import { fieldMessages, parseInput } from '../http/validate.js';
import { formatDateTime } from '../i18n/format.js';
import { isLanguage } from '../i18n/languages.js';
import type { csrfProtection } from '../identity/csrf.js';
import type { TaggedHandler } from '../identity/policy.js';
import { outageSchema, outagesService, type OutageResult } from '../procurement/notices/outages.js';
import type { Deps } from '../deps.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';

type Csrf = ReturnType<typeof csrfProtection>;
const Slug = z.object({ tenant: z.string().regex(/^[a-z][a-z0-9-]{1,40}$/) });

/** Operators only: recording an outage changes tenders (the desk's requireStaff, for this role). */
const operatorDesk: TaggedHandler = Object.assign(
  (req: Request, res: Response, next: NextFunction) => {
    if (!req.staff) return res.redirect('/platform/login');
    if (req.staff.role !== 'operator') return next(new AppError('forbidden', 403, 'errors:forbidden'));
    next();
  },
  { policy: 'staff:desk' as const },
);

function staffContext(req: Request): AuditContext {
  return {
    actor: { type: 'platform', id: req.staff!.id, label: req.staff!.email },
    requestId: typeof req.id === 'string' ? req.id : null,
    clientAddress: req.ip ?? null,
  };
}

export function outagePages(services: Deps, csrf: Csrf): Router {
  const router = Router();
  const outages = outagesService(services);

  async function tenantOf(slug: string | undefined): Promise<TenantHandle | undefined> {
    const parsed = Slug.safeParse({ tenant: slug });
    return parsed.success ? services.tenancy.resolve(parsed.data.tenant) : undefined;
  }

  async function page(
    req: Request,
    res: Response,
    tenant: TenantHandle | undefined,
    { result, ...extra }: Record<string, unknown> & { result?: OutageResult },
  ) {
    const records = (await services.tenancy.registry.list()).filter((r) => r.status !== 'archived');
    const lng = isLanguage(req.lng) ? req.lng : 'en';
    const when = (d: Date) =>
      tenant ? formatDateTime(d, lng, tenant.config.timeZone, tenant.config.numberingSystem) : d.toISOString();
    const windows = tenant ? await outages.recent(tenant) : [];
    res.render('platform/outages', {
      title: req.t('addenda:outages_title'),
      tenants: records.map((r) => ({ slug: r.slug, selected: r.slug === tenant?.slug })),
      timeZone: tenant?.config.timeZone,
      windows: windows.map((w) => ({
        from: when(w.starts_at),
        to: when(w.ends_at),
        reason: w.reason,
        recordedBy: w.recorded_by,
        rules: w.applied_rules,
      })),
      result: result && {
        message: req.t(
          result.created || result.extended.length > 0 ? 'addenda:outage_recorded' : 'addenda:outage_already',
          { count: result.extended.length },
        ),
        extended: result.extended.map((e) => ({ noticeNo: e.noticeNo, before: when(e.before), after: when(e.after) })),
      },
      values: {},
      errors: {},
      ...extra,
    });
  }

  router.get('/platform/outages', operatorDesk, csrf.token, async (req, res) => {
    const slug = typeof req.query.tenant === 'string' ? req.query.tenant : undefined;
    await page(req, res, await tenantOf(slug), { values: { tenant: slug } });
  });

  router.post('/platform/outages', operatorDesk, csrf.protect, csrf.token, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const tenant = await tenantOf(typeof body.tenant === 'string' ? body.tenant : undefined);
    try {
      if (!tenant)
        throw new AppError('validation_failed', 422, 'validation:failed', {}, [
          { field: 'tenant', key: 'validation:invalid' },
        ]);
      const input = parseInput(outageSchema(tenant.config.timeZone), body);
      const result = await outages.record(tenant, staffContext(req), { ...input, recordedBy: req.staff!.email });
      await page(req, res, tenant, { result, values: { tenant: tenant.slug } });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      res.status(error.status);
      await page(req, res, tenant, {
        values: body,
        errors: fieldMessages(error, req.t),
        error: req.t('validation:failed'),
      });
    }
  });
  return router;
}
