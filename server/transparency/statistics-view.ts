/**
 * The statistics page: the year's figures in the reader's words and digits, every chart drawn by
 * the project's chart helper (server-side SVG, right to left for Kurdish and Arabic readers, its
 * data as a table beside it).
 */
import { renderChart, type Chart } from '../charts/chart.js';
import { directionOf } from '../i18n/languages.js';
import type { Reader } from './formats.js';
import { portalNav, portalPath } from './nav.js';
import type { Statistics, Volume } from './statistics-read.js';

function volumeCharts(
  r: Reader,
  rows: Volume[],
  dimension: 'method' | 'category' | 'agency',
  name: (v: Volume) => string,
) {
  const categories = rows.map(name);
  const header = r.t(`transparency:col_${dimension}`);
  const common = { categories, categoryHeader: header, lng: r.lng, dir: directionOf(r.lng) } as const;
  const count = dimension === 'agency' ? ('horizontal-bar' as const) : ('bar' as const);
  return {
    count: renderChart({
      ...common,
      kind: count,
      caption: r.t(`transparency:chart_tenders_by_${dimension}`),
      series: [{ name: r.t('transparency:col_tenders'), values: rows.map((v) => v.tenders) }],
      integers: true,
      format: r.number,
    }),
    value: renderChart({
      ...common,
      // Amounts are long: upright bars keep the value axis's labels one under another.
      kind: 'bar',
      caption: r.t(`transparency:chart_awarded_by_${dimension}`),
      series: [{ name: r.t('transparency:col_awarded_value'), values: rows.map((v) => r.amount(v.awarded)) }],
      format: (major) => r.money(major * 10 ** r.digits),
    }),
  };
}

function executionChart(r: Reader, s: Statistics): Chart {
  return renderChart({
    kind: 'bar',
    caption: r.t('transparency:chart_execution'),
    categories: s.execution.map((e) => r.text(e.name)),
    categoryHeader: r.t('transparency:col_agency'),
    series: [
      { name: r.t('transparency:col_planned'), values: s.execution.map((e) => r.amount(e.planned)) },
      { name: r.t('transparency:col_awarded_value'), values: s.execution.map((e) => r.amount(e.awarded)) },
    ],
    format: (major) => r.money(major * 10 ** r.digits),
    lng: r.lng,
    dir: directionOf(r.lng),
  });
}

export function statisticsPageModel(r: Reader, s: Statistics, years: number[]) {
  const none = r.t('transparency:figure_none');
  const tenders = s.byMethod.reduce((sum, v) => sum + v.tenders, 0);
  const shownYears = [...new Set([s.year, ...years])].sort((a, b) => b - a);
  return {
    title: r.t('transparency:statistics_title'),
    intro: r.t('transparency:statistics_intro', { year: r.year(s.year) }),
    nav: portalNav(r, 'statistics'),
    action: portalPath(r, 'statistics'),
    years: shownYears.map((y) => ({ value: String(y), label: r.year(y), selected: y === s.year })),
    hasTenders: tenders > 0,
    figures: [
      { label: r.t('transparency:figure_tenders'), value: r.number(tenders) },
      { label: r.t('transparency:figure_opened'), value: r.number(s.opened) },
      {
        label: r.t('transparency:figure_average_bidders'),
        value: s.averageBidders === null ? none : r.days(s.averageBidders),
      },
      {
        label: r.t('transparency:figure_single_bid'),
        value: s.singleBidShare === null ? none : r.percent(s.singleBidShare),
      },
      {
        label: r.t('transparency:figure_days_average'),
        value: s.daysToContract.average === null ? none : r.days(s.daysToContract.average),
      },
      {
        label: r.t('transparency:figure_days_median'),
        value: s.daysToContract.median === null ? none : r.days(s.daysToContract.median),
      },
      { label: r.t('transparency:figure_contracts'), value: r.number(s.daysToContract.contracts) },
    ],
    byMethod: volumeCharts(r, s.byMethod, 'method', (v) => r.method(v.key)),
    byCategory: volumeCharts(r, s.byCategory, 'category', (v) => r.category(v.key)),
    byAgency: volumeCharts(r, s.byAgency, 'agency', (v) => r.text(v.name)),
    hasExecution: s.execution.length > 0,
    execution: s.execution.length > 0 ? executionChart(r, s) : undefined,
    executionNote: r.t('transparency:execution_note'),
    executionHref: `${r.base}/plans/execution?year=${s.year}`,
  };
}
