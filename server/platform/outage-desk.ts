/**
 * The outage page's work: which tenant a form names, the recording of a window in that tenant
 * (procurement/notices/outages.ts extends the notices under its rule) and the page's view model.
 */
import type { Request, Response } from 'express';
import type { Deps } from '../deps.js';
import { parseInput, ValidationError } from '../http/validate.js';
import { formatDateTime } from '../i18n/format.js';
import { isLanguage } from '../i18n/languages.js';
import { outageSchema, outagesService, type OutageResult } from '../procurement/notices/outages.js';
import { parseSlug } from '../tenancy/slug.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import type { StaffActor } from './staff-steps.js';

type OutageDeps = Pick<Deps, 'tenancy' | 'audit' | 'mailer' | 'i18n' | 'relay'>;
type Outages = ReturnType<typeof outagesService>;

/** The form names no tenant this platform hosts. */
export class OutageTenantError extends ValidationError {
  constructor() {
    super([{ field: 'tenant', key: 'validation:invalid' }]);
  }
}

/** What the page shows besides the tenants and windows: the form's values, messages, a result. */
export type OutagePageState = Record<string, unknown> & { result?: OutageResult };

function resultView(req: Request, result: OutageResult, when: (d: Date) => string) {
  return {
    message: req.t(
      result.created || result.extended.length > 0 ? 'addenda:outage_recorded' : 'addenda:outage_already',
      { count: result.extended.length },
    ),
    extended: result.extended.map((e) => ({ noticeNo: e.noticeNo, before: when(e.before), after: when(e.after) })),
  };
}

/** The page: the tenants, the chosen tenant's recent windows, and what a recording did. */
async function renderOutages(
  deps: OutageDeps & { outages: Outages },
  page: { req: Request; res: Response; tenant: TenantHandle | undefined },
  { result, ...extra }: OutagePageState,
): Promise<void> {
  const { req, res, tenant } = page;
  const records = (await deps.tenancy.registry.list()).filter((r) => r.status !== 'archived');
  const lng = isLanguage(req.lng) ? req.lng : 'en';
  const when = (d: Date) =>
    tenant ? formatDateTime(d, lng, tenant.config.timeZone, tenant.config.numberingSystem) : d.toISOString();
  const windows = tenant ? await deps.outages.recent(tenant) : [];
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
    result: result && resultView(req, result, when),
    values: {},
    errors: {},
    ...extra,
  });
}

export function outageDesk(deps: OutageDeps) {
  const outages = outagesService(deps);

  /** The tenant a form or link names, when it names one. */
  async function tenantOf(slug: unknown): Promise<TenantHandle | undefined> {
    const valid = parseSlug(slug);
    return valid ? deps.tenancy.resolve(valid) : undefined;
  }

  return {
    tenantOf,

    /** Records the window in the tenant the form names, under the staff member's name. */
    async record(
      actor: StaffActor,
      form: Record<string, unknown>,
    ): Promise<{ tenant: TenantHandle; result: OutageResult }> {
      const tenant = await tenantOf(form.tenant);
      if (!tenant) throw new OutageTenantError();
      const input = parseInput(outageSchema(tenant.config.timeZone), form);
      const result = await outages.record(tenant, actor.audit, { ...input, recordedBy: actor.staff.email });
      return { tenant, result };
    },

    render: (req: Request, res: Response, tenant: TenantHandle | undefined, state: OutagePageState) =>
      renderOutages({ ...deps, outages }, { req, res, tenant }, state),
  };
}
