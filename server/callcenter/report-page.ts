/**
 * The weekly call-center report as a reader sees it: every code in words (topics, languages,
 * outcomes, tenants by name), numbers and days in the reader's language, the charts with their
 * tables, and the same figures as one table for the CSV and XLSX downloads.
 */
import { renderChart, type Chart, type ChartInput } from '../charts/chart.js';
import type { Sheet, SheetColumn } from '../exports/spreadsheet.js';
import { tenantDisplayName } from '../http/tenant-locals.js';
import { formatList, formatNumber, intlLocale, timeZoneName } from '../i18n/format.js';
import { dateTimeFormat, displayNames } from '../i18n/intl-cache.js';
import { directionOf, isLanguage, type Language } from '../i18n/languages.js';
import { CALL_TOPICS } from './catalog.js';
import { CALL_STATES, type CallCenterReport, type CallCounts, type TenantCalls } from './report-read.js';

type Translate = (key: string, options?: Record<string, unknown>) => string;

export interface ReportReader {
  lng: Language;
  t: Translate;
}

const keyOf = (code: string) => code.replace(/-/g, '_');

/** Labels of the report's codes in the reader's language. */
function labels({ lng, t }: ReportReader) {
  return {
    // The console's own words for topics and outcomes; "still open" is the report's.
    topic: (topic: string) => t(`callcenter:topic_${keyOf(topic)}_name`),
    state: (state: string) => t(state === 'open' ? 'reports:outcome_open' : `callcenter:outcome_${keyOf(state)}`),
    /** A caller's language: the platform's own eight by the report's words, any other as ICU names it. */
    language: (code: string) =>
      isLanguage(code) ? t(`reports:language_${code}`) : (displayNames(intlLocale(lng), 'language').of(code) ?? code),
    tenant: (calls: TenantCalls) => tenantDisplayName(calls.tenant, lng),
    day: (day: string) =>
      dateTimeFormat(intlLocale(lng), { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
        new Date(`${day}T00:00:00Z`),
      ),
  };
}

/** A number of hours, rounded to a tenth, as a phrase ("3.5 hours"). */
function hoursText(hours: number | null, { lng, t }: ReportReader): string {
  if (hours === null) return t('reports:resolution_none');
  const rounded = Math.round(hours * 10) / 10;
  return t('reports:hours', { count: rounded, n: formatNumber(rounded, lng) });
}

/** The tenants in the reader's alphabetical order of their names. */
function byName(report: CallCenterReport, reader: ReportReader): TenantCalls[] {
  const collator = new Intl.Collator(intlLocale(reader.lng));
  const name = labels(reader).tenant;
  return [...report.tenants].sort((a, b) => collator.compare(name(a), name(b)));
}

/** The languages callers spoke this week, the most heard first. */
function languagesHeard(totals: CallCounts): string[] {
  return Object.entries(totals.byLanguage)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([code]) => code);
}

function charts(report: CallCenterReport, reader: ReportReader): Record<string, Chart> {
  const { lng, t } = reader;
  const label = labels(reader);
  const tenants = byName(report, reader);
  const several = tenants.length > 1;
  /** A chart with a series per tenant, stacked, a total column when there are several. */
  const perTenant = (
    input: Pick<ChartInput, 'kind' | 'caption' | 'categoryHeader'>,
    keys: string[],
    names: string[],
    value: (counts: CallCounts, key: string, index: number) => number,
  ) =>
    renderChart({
      ...input,
      categories: names,
      series: tenants.map((calls) => ({ name: label.tenant(calls), values: keys.map((k, i) => value(calls, k, i)) })),
      stacked: true,
      integers: true,
      ...(several ? { totalHeader: t('reports:col_total') } : {}),
      lng,
      dir: directionOf(lng),
    });
  const languages = languagesHeard(report.totals);
  return {
    byDay: perTenant(
      { kind: 'bar', caption: t('reports:chart_by_day'), categoryHeader: t('reports:col_day') },
      report.week.days,
      report.week.days.map(label.day),
      (counts, _day, i) => counts.perDay[i]!,
    ),
    byTopic: perTenant(
      { kind: 'horizontal-bar', caption: t('reports:chart_by_topic'), categoryHeader: t('reports:col_topic') },
      [...CALL_TOPICS],
      CALL_TOPICS.map(label.topic),
      (counts, topic) => counts.byTopic[topic as keyof CallCounts['byTopic']],
    ),
    byLanguage: perTenant(
      { kind: 'horizontal-bar', caption: t('reports:chart_by_language'), categoryHeader: t('reports:col_language') },
      languages,
      languages.map(label.language),
      (counts, code) => counts.byLanguage[code] ?? 0,
    ),
    byOutcome: perTenant(
      { kind: 'bar', caption: t('reports:chart_by_outcome'), categoryHeader: t('reports:col_outcome') },
      [...CALL_STATES],
      CALL_STATES.map(label.state),
      (counts, state) => counts.byState[state as keyof CallCounts['byState']],
    ),
  };
}

/** The page's model, after the week form. */
export function reportPage(report: CallCenterReport, reader: ReportReader) {
  const { lng, t } = reader;
  const { week, totals } = report;
  const label = labels(reader);
  const n = (value: number) => formatNumber(value, lng);
  const range = dateTimeFormat(intlLocale(lng), { dateStyle: 'long', timeZone: 'UTC' }).formatRange(
    new Date(`${week.days[0]}T00:00:00Z`),
    new Date(`${week.days[6]}T00:00:00Z`),
  );
  const tenants = byName(report, reader);
  return {
    heading: t('reports:week_heading', { number: n(week.number), range }),
    zoneNote: t('reports:zone_note', { zone: timeZoneName(week.timeZone, lng) ?? week.timeZone }),
    // Names isolated (FSI…PDI) so a Latin name keeps its place in an Arabic sentence.
    scopeNote: t('reports:scope_note', {
      names: formatList(
        tenants.map((calls) => `\u2068${label.tenant(calls)}\u2069`),
        lng,
      ),
    }),
    hasTenants: tenants.length > 0,
    hasCalls: totals.opened > 0,
    totals: {
      opened: n(totals.opened),
      closed: n(totals.closed),
      stillOpen: n(totals.byState.open),
      median: hoursText(totals.medianHours, reader),
      average: hoursText(totals.averageHours, reader),
    },
    charts: totals.opened > 0 ? charts(report, reader) : undefined,
    resolution: tenants.map((calls) => ({
      name: label.tenant(calls),
      closed: n(calls.closed),
      median: hoursText(calls.medianHours, reader),
      average: hoursText(calls.averageHours, reader),
    })),
  };
}

/** The report as one table: a row per tenant and a total, the week's start on each for pasting weeks together. */
export function reportSheet(report: CallCenterReport, reader: ReportReader): Sheet {
  const { lng, t } = reader;
  const label = labels(reader);
  const languages = languagesHeard(report.totals);
  const count = (key: string, header: string): SheetColumn => ({ key, header, kind: 'number' });
  const columns: SheetColumn[] = [
    { key: 'week', header: t('reports:col_week_start'), kind: 'date', width: 14 },
    { key: 'tenant', header: t('reports:col_tenant'), kind: 'text', width: 32 },
    count('opened', t('reports:col_calls')),
    ...report.week.days.map((day, i) => count(`day${i}`, label.day(day))),
    ...CALL_TOPICS.map((topic) => count(`topic_${topic}`, label.topic(topic))),
    ...languages.map((code) => count(`language_${code}`, label.language(code))),
    ...CALL_STATES.map((state) => count(`state_${state}`, label.state(state))),
    count('closed', t('reports:col_closed')),
    { key: 'median', header: t('reports:col_median_hours'), kind: 'number', decimals: 1 },
    { key: 'average', header: t('reports:col_average_hours'), kind: 'number', decimals: 1 },
  ];
  const row = (name: string, counts: CallCounts) => ({
    week: report.week.days[0],
    tenant: name,
    opened: counts.opened,
    ...Object.fromEntries(counts.perDay.map((calls, i) => [`day${i}`, calls])),
    ...Object.fromEntries(CALL_TOPICS.map((topic) => [`topic_${topic}`, counts.byTopic[topic]])),
    ...Object.fromEntries(languages.map((code) => [`language_${code}`, counts.byLanguage[code] ?? 0])),
    ...Object.fromEntries(CALL_STATES.map((state) => [`state_${state}`, counts.byState[state]])),
    closed: counts.closed,
    median: counts.medianHours,
    average: counts.averageHours,
  });
  return {
    sheetName: t('reports:sheet_name', { week: report.week.id }),
    columns,
    rows: [
      ...byName(report, reader).map((calls) => row(label.tenant(calls), calls)),
      row(t('reports:col_total'), report.totals),
    ],
    dir: directionOf(lng),
  };
}
