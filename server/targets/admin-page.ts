/**
 * The tenant admin's execution-targets page: the milestones set for a fiscal year (newest version
 * of each, with how it is cited), the tenant's default from its rule, and the form to set one.
 */
import type { Request, Response } from 'express';
import type { FormRefusal } from '../http/forms.js';
import { formatDate, formatDateTime, intlLocale } from '../i18n/format.js';
import { numberFormat } from '../i18n/intl-cache.js';
import type { Language } from '../i18n/languages.js';
import { textIn } from '../i18n/localized-fields.js';
import type { Actor } from '../identity/actor.js';
import { assertCan } from '../identity/policy.js';
import { currentYear } from '../procurement/plans/read.js';
import { inTenant } from '../tenancy/tenant-context.js';
import { now } from '../time/clock.js';
import { defaultExecutionTargets } from '../regulations/execution-targets.js';
import { citation } from './targets-view.js';

interface TargetRow {
  code: string;
  name: Partial<Record<Language, string>>;
  due_on: string;
  percent: string;
  version: number;
  set_at: Date;
}

/** The agencies to choose from, the newest version of each milestone of `year`, and the defaults. */
export function readTargetsAdmin(actor: Actor, year: number) {
  assertCan(actor.user, 'agencies:manage');
  return inTenant(actor.tenant, async (tx) => ({
    agencies: await tx('agencies')
      .orderBy('code')
      .select<{ id: string; code: string; name: Partial<Record<Language, string>> }[]>('id', 'code', 'name'),
    targets: await tx('execution_targets as t')
      .join('agencies as a', 'a.id', 't.agency_id')
      .distinctOn('a.code', 't.due_on')
      .where('t.fiscal_year', year)
      .orderBy([{ column: 'a.code' }, { column: 't.due_on' }, { column: 't.version', order: 'desc' }])
      .select<TargetRow[]>(
        'a.code',
        'a.name',
        tx.raw('t.due_on::text as due_on'),
        't.percent',
        't.version',
        't.set_at',
      ),
    defaults: defaultExecutionTargets(actor.tenant.config, year, await now(tx)),
  }));
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

export async function targetsAdminPage(req: Request, res: Response, refusal?: FormRefusal): Promise<void> {
  const queryYear = Number(req.query.year);
  const values = refusal?.values ?? {};
  const postedYear = Number(values.fiscalYear);
  const year =
    Number.isInteger(postedYear) && postedYear >= 2000 && postedYear <= 2100
      ? postedYear
      : Number.isInteger(queryYear) && queryYear >= 2000 && queryYear <= 2100
        ? queryYear
        : currentYear(req.actor.tenant);
  const data = await readTargetsAdmin(req.actor, year);
  const { timeZone, numberingSystem, locales } = req.actor.tenant.config;
  const pct = numberFormat(intlLocale(req.lng, numberingSystem), { style: 'percent', maximumFractionDigits: 2 });
  const percent = (v: number | string) => pct.format(Number(v) / 100);
  const day = (d: string) => formatDate(d, req.lng, timeZone, numberingSystem);
  const name = (n: Partial<Record<Language, string>>) => textIn(n, req.lng, locales.default);
  res.render('targets/admin', {
    title: req.t('targets:admin_title'),
    notice: !refusal && req.query.done === 'target' ? req.t('targets:done') : undefined,
    error: refusal?.error,
    year,
    defaults:
      data.defaults.length > 0
        ? req.t('targets:defaults', {
            milestones: data.defaults
              .map((m) => req.t('targets:milestone', { percent: percent(m.percent), date: day(m.dueOn) }))
              .join('; '),
            rule: data.defaults[0]!.rule,
          })
        : req.t('targets:defaults_none'),
    targets: data.targets.map((t) => ({
      agency: name(t.name),
      code: t.code,
      date: day(t.due_on),
      percent: percent(t.percent),
      rule: citation(req.t, { rule: '', dueOn: t.due_on, agencyVersion: t.version }),
      setAt: formatDateTime(t.set_at, req.lng, timeZone, numberingSystem),
    })),
    form: {
      agencies: data.agencies.map((a) => ({
        value: a.id,
        code: a.code,
        label: name(a.name),
        selected: a.id === values.agencyId,
      })),
      fiscalYear: text(values.fiscalYear) || String(year),
      dueOn: text(values.dueOn),
      percent: text(values.percent),
      errors: refusal?.errors ?? {},
    },
  });
}
