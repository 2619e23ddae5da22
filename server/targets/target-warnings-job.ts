/**
 * Job `execution-target-warnings` (weekly, in the tenant's time zone): each agency behind its
 * execution target for the current fiscal year, or that missed a milestone in the past week, is
 * told by e-mail to each of its officers, in the officer's language, citing the target's rule
 * version; audited. One record per agency, milestone and week (`execution_target_warnings`)
 * makes a second run in the same week send nothing.
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import { formatMoney, intlLocale } from '../i18n/format.js';
import { dateTimeFormat, numberFormat } from '../i18n/intl-cache.js';
import { systemActor, type Actor } from '../identity/actor.js';
import type { JobHandler } from '../jobs/runner.js';
import { agencyOfficers } from '../procurement/deliveries/contract-access.js';
import { languageOf } from '../procurement/payments/support.js';
import { localDate } from '../regulations/lookup.js';
import { inTenant } from '../tenancy/tenant-context.js';
import type { TenantHandle } from '../tenancy/tenant-handle.js';
import { now } from '../time/clock.js';
import { textIn } from '../i18n/localized-fields.js';
import { tenantTranslator } from '../i18n/terminology.js';
import { citation } from './targets-view.js';
import type { MilestoneProgress } from './progress.js';
import { readTargetProgress, type AgencyProgress } from './targets-read.js';

const JOB = { actor: { type: 'system' as const, label: 'execution-target-warnings' } };
const WEEK_DAYS = 7;

/** The ISO week of a date (YYYY-MM-DD), "2026-W23": what makes a warning once a week. */
export function isoWeek(date: string): string {
  const thursday = new Date(`${date}T00:00:00Z`);
  thursday.setUTCDate(thursday.getUTCDate() - ((thursday.getUTCDay() + 6) % 7) + 3);
  const year = thursday.getUTCFullYear();
  const january4 = new Date(Date.UTC(year, 0, 4));
  const days = (thursday.getTime() - january4.getTime()) / 86_400_000;
  const week = 1 + Math.round((days - 3 + ((january4.getUTCDay() + 6) % 7)) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The milestones worth a warning on `today`: the coming one when behind, and any missed this past week. */
export function milestonesToWarn(row: AgencyProgress, today: string): MilestoneProgress[] {
  const weekAgo = new Date(Date.parse(`${today}T00:00:00Z`) - WEEK_DAYS * 86_400_000).toISOString().slice(0, 10);
  return row.progress.milestones.filter(
    (m) => (m.status === 'behind' && m === row.progress.current) || (m.status === 'missed' && m.dueOn >= weekAgo),
  );
}

export function executionTargetWarningsJob(services: Pick<Deps, 'audit' | 'mailer' | 'i18n'>): JobHandler {
  /** Records the warning (once a week), mails the officers and audits it; gives the e-mails sent. */
  async function warn(
    tx: Knex.Transaction,
    actor: Actor,
    row: AgencyProgress,
    milestone: MilestoneProgress,
    year: number,
    today: string,
  ): Promise<number> {
    const tenant = actor.tenant;
    const week = isoWeek(today);
    const recorded = await tx('execution_target_warnings')
      .insert({
        agency_id: row.agency.id,
        fiscal_year: year,
        due_on: milestone.dueOn,
        week,
        target: milestone.rule,
        officers_told: 0,
      })
      .onConflict(['agency_id', 'fiscal_year', 'due_on', 'week'])
      .ignore()
      .returning<{ id: string }[]>('id');
    if (recorded.length === 0) return 0;
    const officers = await agencyOfficers(tx, row.agency.id);
    for (const officer of officers) {
      await services.mailer.queue(tx, tenant, {
        to: officer.email,
        locale: officer.locale,
        template: milestone.status === 'missed' ? 'execution_target_missed' : 'execution_target_behind',
        params: {
          name: officer.display_name,
          ...mailParams(tenant, row, milestone, today, officer.locale, services.i18n),
        },
      });
    }
    await tx('execution_target_warnings').where({ id: recorded[0]!.id }).update({ officers_told: officers.length });
    await services.audit.record(tx, tenant, actor.audit, {
      action: 'execution-target.warned',
      target: { type: 'agency', id: row.agency.id },
      summary: {
        fiscalYear: year,
        dueOn: milestone.dueOn,
        status: milestone.status,
        percent: milestone.percent,
        orderedPercent: row.progress.orderedPercent,
        week,
        officersTold: officers.length,
        appliedRules: [milestone.rule],
      },
    });
    return officers.length;
  }

  return ({ tenant }) =>
    inTenant(tenant, async (tx) => {
      const actor = systemActor(tenant, JOB);
      const today = localDate(await now(tx), tenant.config.timeZone);
      const year = Number(today.slice(0, 4));
      const rows = await readTargetProgress(tx, tenant.config, { year, asOf: today });
      let warned = 0;
      let emails = 0;
      for (const row of rows) {
        for (const milestone of milestonesToWarn(row, today)) {
          const told = await warn(tx, actor, row, milestone, year, today);
          if (told > 0) warned += 1;
          emails += told;
        }
      }
      return { agencies: rows.length, warned, emails };
    });
}

/** What the mail says, written in the officer's language. */
function mailParams(
  tenant: TenantHandle,
  row: AgencyProgress,
  milestone: MilestoneProgress,
  today: string,
  locale: string | null,
  i18n: Deps['i18n'],
) {
  const lng = languageOf(tenant, locale);
  const { numberingSystem, currency, locales } = tenant.config;
  const intl = intlLocale(lng, numberingSystem);
  const percent = (v: number) => numberFormat(intl, { style: 'percent', maximumFractionDigits: 1 }).format(v / 100);
  const day = (d: string) =>
    dateTimeFormat(intl, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`));
  return {
    agency: textIn(row.agency.name, lng, locales.default),
    ordered: percent(row.progress.orderedPercent),
    orderedValue: formatMoney(row.progress.ordered, currency, lng, numberingSystem),
    planned: formatMoney(row.progress.planned, currency, lng, numberingSystem),
    target: percent(milestone.percent),
    line: percent(row.progress.linePercent),
    date: day(milestone.dueOn),
    asOf: day(today),
    toOrder: String(row.toOrder.length),
    rule: citation(tenantTranslator(i18n, tenant, lng, 'targets'), milestone),
  };
}
