/**
 * Progress against execution targets as the budget-execution page and the officer's work page
 * show it: amounts and dates in the reader's language and the tenant's zone, statuses in words,
 * the milestones with the rule version each comes from, the plan entries still to order, and a
 * chart (agencies side by side, or one agency month by month).
 */
import type { Request } from 'express';
import { renderChart, type Chart } from '../charts/chart.js';
import { formatDate, formatMoney, intlLocale } from '../i18n/format.js';
import { dateTimeFormat, numberFormat } from '../i18n/intl-cache.js';
import { directionOf } from '../i18n/languages.js';
import { textIn } from '../i18n/localized-fields.js';
import type { AgencyProgress } from './targets-read.js';

export type ViewRequest = Pick<Request, 't' | 'lng' | 'actor'>;

function formats(req: ViewRequest) {
  const { currency, numberingSystem, timeZone, locales } = req.actor.tenant.config;
  const locale = intlLocale(req.lng, numberingSystem);
  const pct = numberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  return {
    money: (v: number) => formatMoney(v, currency, req.lng, numberingSystem),
    day: (d: string) => formatDate(d, req.lng, timeZone, numberingSystem),
    percent: (v: number) => pct.format(v / 100),
    month: (d: string) =>
      dateTimeFormat(locale, { month: 'short', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`)),
    text: (v: Record<string, string>) => textIn(v, req.lng, locales.default),
  };
}

/** How a milestone is cited on a page or in a mail: the rule's name and version, or the agency's own version. */
export function citation(
  t: (key: string, params?: Record<string, unknown>) => string,
  m: { rule: string; dueOn: string; agencyVersion?: number },
): string {
  return m.agencyVersion
    ? t('targets:cite_agency', { date: m.dueOn, version: m.agencyVersion })
    : t('targets:cite_rule', { rule: m.rule });
}

function agencyModel(req: ViewRequest, row: AgencyProgress) {
  const f = formats(req);
  const { progress } = row;
  const current = progress.current;
  const situation = current
    ? req.t(`targets:status_${current.status.replace('-', '_')}`, {
        ordered: f.percent(progress.orderedPercent),
        line: f.percent(progress.linePercent),
        target: f.percent(current.percent),
        date: f.day(current.dueOn),
        asOf: f.day(progress.asOf),
      })
    : req.t('targets:no_target');
  return {
    code: row.agency.code,
    name: f.text(row.agency.name),
    status: current?.status ?? 'none',
    behind: current?.status === 'behind' || current?.status === 'missed',
    situation,
    planned: f.money(progress.planned),
    ordered: f.money(progress.ordered),
    orderedPercent: f.percent(progress.orderedPercent),
    sourceText: req.t(`targets:source_${row.source}`),
    milestones: progress.milestones.map((m) => ({
      date: f.day(m.dueOn),
      percent: f.percent(m.percent),
      value: f.money(m.targetValue),
      statusLabel: req.t(`targets:label_${m.status.replace('-', '_')}`),
      rule: citation(req.t, m),
    })),
    toOrder: row.toOrder.map((e) => ({
      title: f.text(e.title),
      category: req.t(`suppliers:category_${e.category}`),
      quarter: req.t('targets:quarter', { n: e.quarter }),
      budget: f.money(e.estimatedBudget),
    })),
    moreToOrder: row.moreToOrder,
  };
}

/** Every agency's ordered % beside where its target line stands, on one date. */
function agenciesChart(req: ViewRequest, rows: AgencyProgress[], asOf: string): Chart {
  const f = formats(req);
  return renderChart({
    kind: 'horizontal-bar',
    caption: req.t('targets:chart_agencies', { date: f.day(asOf) }),
    categoryHeader: req.t('targets:col_agency'),
    categories: rows.map((r) => f.text(r.agency.name)),
    series: [
      { name: req.t('targets:series_ordered'), values: rows.map((r) => r.progress.orderedPercent) },
      { name: req.t('targets:series_line'), values: rows.map((r) => r.progress.linePercent) },
    ],
    format: f.percent,
    lng: req.lng,
    dir: directionOf(req.lng),
  });
}

/** One agency through the fiscal year: the % ordered by each month's end and the target line. */
function monthsChart(req: ViewRequest, row: AgencyProgress): Chart {
  const f = formats(req);
  return renderChart({
    kind: 'line',
    caption: req.t('targets:chart_months', { agency: f.text(row.agency.name) }),
    categoryHeader: req.t('targets:col_month'),
    categories: row.months.map((m) => f.month(m.date)),
    series: [
      { name: req.t('targets:series_ordered'), values: row.months.map((m) => m.ordered) },
      { name: req.t('targets:series_line'), values: row.months.map((m) => m.target) },
    ],
    format: f.percent,
    lng: req.lng,
    dir: directionOf(req.lng),
  });
}

/** The budget-execution page's section: every agency with a plan that year, and one chart. */
export function executionTargetsModel(req: ViewRequest, rows: AgencyProgress[], asOf: string) {
  return {
    agencies: rows.map((r) => agencyModel(req, r)),
    chart: rows.length > 0 ? agenciesChart(req, rows, asOf) : undefined,
  };
}

/** The officer's own agency on the work page, with its months chart; none without a plan that year. */
export function agencyTargetModel(req: ViewRequest, row: AgencyProgress | undefined, asOf: string) {
  return {
    asOf,
    agency: row ? agencyModel(req, row) : undefined,
    chart: row ? monthsChart(req, row) : undefined,
  };
}
